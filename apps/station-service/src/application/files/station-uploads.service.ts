import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { In, type DataSource } from 'typeorm';
import { page, type Page, type PageQuery } from '@voltlane/api-kit';
import type { FileStore } from '@voltlane/file-storage';
import { DiagnosticsStatusHistoryEntity } from '../../persistence/diagnostics-status-history.entity';
import { LogStatusHistoryEntity } from '../../persistence/log-status-history.entity';
import { StationUploadEntity } from '../../persistence/station-upload.entity';
import { refusalOfStoreError, uploadProblem } from './upload-errors';
import { UploadRefusal, checkUpload, visibleUploadState, type UploadKind, type UploadState } from '../../domain/upload-slot-rules';
import { hashToken, newToken } from '../../domain/upload-token';

export interface UploadView {
  id: string;
  stationId: string;
  kind: UploadKind;
  requestId: number | null;
  state: UploadState | 'Expired';
  requestStatus: string | null;
  announcedFileName: string | null;
  createdAt: Date;
  expiresAt: Date;
  maxBytes: number;
  file: {
    name: string | null;
    contentType: string | null;
    size: number | null;
    sha256: string | null;
    receivedAt: Date | null;
    contentUrl: string;
  } | null;
  /** The Diagnostics/LogStatusNotifications of this request, oldest first. */
  notifications: { status: string; receivedAt: Date }[];
}

export interface UploadBody {
  stream: Readable;
  fileName: string | undefined;
  contentType: string | undefined;
}

const SAFE_NAME = /[^A-Za-z0-9._-]+/g;

/** A file name safe to show and to send back in Content-Disposition. */
export function safeFileName(name: string | undefined): string | undefined {
  const cleaned = name?.split(/[\\/]/).pop()?.replace(SAFE_NAME, '_').replace(/^\.+/, '').slice(0, 200);
  return cleaned ? cleaned : undefined;
}

/**
 * Upload slots of GetDiagnostics / GetLog requests: created when the command is sent (the URL goes
 * into the request), answered with what the station said, filled when the station uploads.
 */
export class StationUploadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: FileStore,
    private readonly limits: { maxUploadBytes: number; uploadTtlS: number },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * A new slot and its upload URL (`${baseUrl}/files/uploads/{id}/{token}`); it exists once
   * `save()` is called (after the command has passed every check, just before it is sent).
   */
  newSlot(
    stationId: string,
    kind: UploadKind,
    requestId: number | null,
    baseUrl: string,
  ): { id: string; url: string; save(): Promise<void> } {
    const id = randomUUID();
    const token = newToken();
    const save = async (): Promise<void> => {
      const now = this.clock();
      await this.dataSource.getRepository(StationUploadEntity).insert({
        id,
        stationId,
        kind,
        requestId,
        tokenHash: hashToken(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.limits.uploadTtlS * 1000),
        maxBytes: this.limits.maxUploadBytes,
        state: 'Requested',
      });
    };
    return { id, url: `${baseUrl}/files/uploads/${id}/${token}`, save };
  }

  /** What the station answered to the request: Accepted keeps the slot open, anything else (or no answer) closes it. */
  async recordAnswer(id: string, answer: { accepted: boolean; status: string; fileName?: string | undefined }): Promise<void> {
    await this.dataSource.getRepository(StationUploadEntity).update(
      { id, state: 'Requested' },
      {
        requestStatus: answer.status,
        announcedFileName: answer.fileName ?? null,
        ...(answer.accepted ? {} : { state: 'Rejected' as const }),
      },
    );
  }

  /** Stores a station's upload after checking slot, token, expiry and size; answers with the stored file. */
  async receive(id: string, token: string, contentLength: number | undefined, open: () => Promise<UploadBody>): Promise<UploadView> {
    const repository = this.dataSource.getRepository(StationUploadEntity);
    const slot = await repository.findOne({ where: { id } });
    const refusal = checkUpload(slot, token, this.clock(), contentLength);
    if (refusal || !slot)
      throw uploadProblem(
        refusal ?? UploadRefusal.UnknownSlot,
        refusal === UploadRefusal.TooLarge ? `The file is larger than the upload limit of ${slot?.maxBytes} bytes` : undefined,
      );
    const body = await open();
    // A key per attempt: of two racing uploads to one slot, the loser's bytes never replace the winner's.
    const key = `uploads/${id}/${randomUUID()}`;
    let stored;
    try {
      stored = await this.store.put(key, body.stream, {
        maxBytes: slot.maxBytes,
        ...(body.contentType ? { contentType: body.contentType } : {}),
      });
    } catch (error) {
      throw uploadProblem(refusalOfStoreError(error), `The file is larger than the upload limit of ${slot.maxBytes} bytes`);
    }
    if (stored.size === 0) {
      await this.store.delete(key);
      throw uploadProblem(UploadRefusal.Empty);
    }
    const fileName = safeFileName(body.fileName) ?? safeFileName(slot.announcedFileName ?? undefined) ?? `${slot.kind}-${id}.bin`;
    const result = await repository.update(
      { id, state: In(['Requested', 'Rejected']) },
      {
        state: 'Received',
        fileKey: key,
        fileName,
        contentType: body.contentType ?? 'application/octet-stream',
        size: stored.size,
        sha256: stored.sha256,
        receivedAt: this.clock(),
      },
    );
    if (result.affected !== 1) {
      await this.store.delete(key);
      throw uploadProblem(UploadRefusal.AlreadyReceived);
    }
    return (await this.view(id)) as UploadView;
  }

  async list(stationId: string, query: PageQuery & { kind?: UploadKind }): Promise<Page<UploadView>> {
    const where = { stationId, ...(query.kind ? { kind: query.kind } : {}) };
    const [rows, total] = await this.dataSource
      .getRepository(StationUploadEntity)
      .findAndCount({ where, order: { createdAt: 'DESC', id: 'DESC' }, take: query.limit, skip: query.offset });
    return page(await this.views(rows), total, query);
  }

  async view(id: string): Promise<UploadView | null> {
    const row = await this.dataSource.getRepository(StationUploadEntity).findOne({ where: { id } });
    return row ? ((await this.views([row]))[0] ?? null) : null;
  }

  /** The stored file of an upload, or null when there is none (yet). */
  async content(id: string): Promise<{ upload: StationUploadEntity; stream: Readable } | null> {
    const upload = await this.dataSource.getRepository(StationUploadEntity).findOne({ where: { id } });
    if (!upload?.fileKey) return null;
    return { upload, stream: await this.store.get(upload.fileKey) };
  }

  /**
   * Each upload with its notifications: GetLog by requestId; GetDiagnostics (no requestId in 1.6)
   * the DiagnosticsStatusNotifications received after its slot was created and before the next one.
   */
  private async views(rows: StationUploadEntity[]): Promise<UploadView[]> {
    const now = this.clock();
    const views: UploadView[] = [];
    for (const row of rows) views.push({ ...this.base(row, now), notifications: await this.notificationsOf(row) });
    return views;
  }

  private base(row: StationUploadEntity, now: Date): Omit<UploadView, 'notifications'> {
    return {
      id: row.id,
      stationId: row.stationId,
      kind: row.kind,
      requestId: row.requestId,
      state: visibleUploadState(row.state, row.expiresAt, now),
      requestStatus: row.requestStatus,
      announcedFileName: row.announcedFileName,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      maxBytes: row.maxBytes,
      file: row.fileKey
        ? {
            name: row.fileName,
            contentType: row.contentType,
            size: row.size,
            sha256: row.sha256,
            receivedAt: row.receivedAt,
            contentUrl: `/api/v1/files/${row.id}/content`,
          }
        : null,
    };
  }

  private async notificationsOf(row: StationUploadEntity): Promise<{ status: string; receivedAt: Date }[]> {
    if (row.kind === 'log') {
      if (row.requestId === null) return [];
      const found = await this.dataSource
        .getRepository(LogStatusHistoryEntity)
        .find({ where: { stationId: row.stationId, requestId: row.requestId }, order: { receivedAt: 'ASC', id: 'ASC' } });
      return found.filter((n) => n.receivedAt >= row.createdAt).map((n) => ({ status: n.status, receivedAt: n.receivedAt }));
    }
    const next = await this.dataSource
      .getRepository(StationUploadEntity)
      .createQueryBuilder('u')
      .where('u.station_id = :stationId AND u.kind = :kind AND u.created_at > :createdAt', {
        stationId: row.stationId,
        kind: 'diagnostics',
        createdAt: row.createdAt,
      })
      .orderBy('u.created_at', 'ASC')
      .getOne();
    const qb = this.dataSource
      .getRepository(DiagnosticsStatusHistoryEntity)
      .createQueryBuilder('n')
      .where('n.station_id = :stationId AND n.received_at >= :from', { stationId: row.stationId, from: row.createdAt });
    if (next) qb.andWhere('n.received_at < :to', { to: next.createdAt });
    const found = await qb.orderBy('n.received_at', 'ASC').addOrderBy('n.id', 'ASC').getMany();
    return found.map((n) => ({ status: n.status, receivedAt: n.receivedAt }));
  }
}
