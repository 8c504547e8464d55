import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { ProblemError, badRequest, page, type Page, type PageQuery } from '@voltlane/api-kit';
import { FileStoreError, FileStoreErrorCode, type FileStore } from '@voltlane/file-storage';
import { FirmwareImageEntity } from '../../persistence/firmware-image.entity';
import { safeFileName } from './station-uploads.service';
import { newToken } from '../../domain/upload-token';

export interface FirmwareImageView {
  id: string;
  name: string;
  version: string;
  fileName: string;
  size: number;
  sha256: string;
  createdAt: Date;
  uploadedBy: string | null;
  /** Path (below FILES_PUBLIC_URL) stations download the image from. */
  downloadPath: string;
}

export interface FirmwareUpload {
  name: string;
  version: string;
  fileName?: string | undefined;
  contentLength?: number | undefined;
  uploadedBy?: string | undefined;
}

/** Firmware images operators upload, and the tokenised URL UpdateFirmware points stations to. */
export class FirmwareImagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: FileStore,
    private readonly maxBytes: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async upload(body: Readable, upload: FirmwareUpload): Promise<FirmwareImageView> {
    if (upload.contentLength !== undefined && upload.contentLength > this.maxBytes) throw this.tooLarge();
    const id = randomUUID();
    const key = `firmware/${id}`;
    let stored;
    try {
      stored = await this.store.put(key, body, { maxBytes: this.maxBytes, contentType: 'application/octet-stream' });
    } catch (error) {
      if (error instanceof FileStoreError && error.code === FileStoreErrorCode.TooLarge) throw this.tooLarge();
      throw error;
    }
    if (stored.size === 0) {
      await this.store.delete(key);
      throw badRequest('The firmware image is empty: send it as the application/octet-stream body');
    }
    const fileName = safeFileName(upload.fileName) ?? `${safeFileName(`${upload.name}-${upload.version}`) ?? 'firmware'}.bin`;
    const row: FirmwareImageEntity = {
      id,
      name: upload.name,
      version: upload.version,
      fileName,
      fileKey: key,
      size: stored.size,
      sha256: stored.sha256,
      downloadToken: newToken(),
      uploadedBy: upload.uploadedBy ?? null,
      createdAt: this.clock(),
    };
    await this.dataSource.getRepository(FirmwareImageEntity).insert(row);
    return view(row);
  }

  async list(query: PageQuery): Promise<Page<FirmwareImageView>> {
    const [rows, total] = await this.dataSource
      .getRepository(FirmwareImageEntity)
      .findAndCount({ order: { createdAt: 'DESC', id: 'DESC' }, take: query.limit, skip: query.offset });
    return page(rows.map(view), total, query);
  }

  async get(id: string): Promise<FirmwareImageEntity | null> {
    return this.dataSource.getRepository(FirmwareImageEntity).findOne({ where: { id } });
  }

  async view(id: string): Promise<FirmwareImageView | null> {
    const row = await this.get(id);
    return row ? view(row) : null;
  }

  /** The URL a station downloads `image` from. */
  downloadUrl(image: FirmwareImageEntity, baseUrl: string): string {
    return `${baseUrl}${downloadPath(image)}`;
  }

  /** The image content for a station presenting `token`; null when the image or token is wrong. */
  async download(id: string, token: string): Promise<{ image: FirmwareImageEntity; stream: Readable } | null> {
    const image = await this.get(id);
    if (!image || !sameToken(token, image.downloadToken)) return null;
    return { image, stream: await this.store.get(image.fileKey) };
  }

  private tooLarge(): ProblemError {
    return new ProblemError(
      413,
      'Payload Too Large',
      `The firmware image is larger than the limit of ${this.maxBytes} bytes (FILES_MAX_FIRMWARE_BYTES)`,
    );
  }
}

function downloadPath(image: FirmwareImageEntity): string {
  return `/files/firmware/${image.id}/${image.downloadToken}/${encodeURIComponent(image.fileName)}`;
}

function view(row: FirmwareImageEntity): FirmwareImageView {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    fileName: row.fileName,
    size: row.size,
    sha256: row.sha256,
    createdAt: row.createdAt,
    uploadedBy: row.uploadedBy,
    downloadPath: downloadPath(row),
  };
}

function sameToken(presented: string, stored: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(stored);
  // Lengths are public (fixed-size tokens); contents are compared in constant time.
  return a.length === b.length && timingSafeEqual(a, b);
}
