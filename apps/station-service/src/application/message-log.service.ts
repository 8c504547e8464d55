import type { Logger } from 'pino';
import type { OcppFramesBatch } from '@voltlane/contracts';
import { classifyFrame } from '../domain/ocpp-frame-classification';
import type { FramePosition } from '../domain/ocpp-frame-cursor';
import { addDays, frameDay, type FramePartitions } from '../persistence/frame-partitions';
import type { FrameWindowQuery, OcppFrameRepository, OcppFrameRow, StoredFrame } from '../persistence/ocpp-frame.repository';

const DAY_MS = 86_400_000;
/** Days made ahead by the maintenance pass: today and the next two. */
const DAYS_AHEAD = 2;
/** PostgreSQL's answer to a row that no partition takes (its day was dropped under us). */
const NO_PARTITION = '23514';

export interface MessageLogOptions {
  retentionDays: number;
}

/** A page of a station's message log: the frames, and where the next page starts (null: none). */
export interface FramePage {
  items: StoredFrame[];
  next: FramePosition | null;
}

/**
 * The OCPP message log: stores the gateways' `ocpp.frames.v1` batches (each frame classified, one
 * INSERT per batch into the day partitions of `ocpp_frames`), keeps the partitions (made ahead,
 * dropped whole after the retention) and answers a station's window.
 */
export class MessageLogService {
  /** Days whose partition this process made or saw made (frames of them need no check). */
  private readonly made = new Set<string>();

  constructor(
    private readonly frames: OcppFrameRepository,
    private readonly partitions: FramePartitions,
    private readonly options: MessageLogOptions,
    private readonly logger: Logger,
  ) {}

  get retentionDays(): number {
    return this.options.retentionDays;
  }

  /** Frames before this are past the retention. */
  cutoff(now = new Date()): Date {
    return new Date(now.getTime() - this.options.retentionDays * DAY_MS);
  }

  /** Stores a batch (frames older than the retention are left out); resolves with how many were stored. */
  async store(batch: OcppFramesBatch, now = new Date()): Promise<number> {
    const cutoff = this.cutoff(now).getTime();
    const rows: OcppFrameRow[] = [];
    for (const frame of batch.frames) {
      const at = new Date(frame.at);
      if (Number.isNaN(at.getTime()) || at.getTime() < cutoff) continue;
      const truncated = frame.truncated === true;
      const { messageType, messageId } = classifyFrame(frame.frame, truncated);
      rows.push({
        at,
        stationId: frame.stationId,
        connectionId: frame.connectionId,
        direction: frame.direction,
        messageType,
        messageId,
        action: frame.action,
        frame: frame.frame,
        truncated,
      });
    }
    if (rows.length === 0) return 0;
    const days = new Set(rows.map((r) => frameDay(r.at)));
    await this.ensureDays(days);
    try {
      await this.frames.insert(rows);
    } catch (error) {
      if ((error as { code?: string }).code !== NO_PARTITION) throw error;
      // A day this process remembered is gone (dropped by another replica): made again, once.
      for (const day of days) this.made.delete(day);
      await this.ensureDays(days);
      await this.frames.insert(rows);
    }
    return rows.length;
  }

  /** The maintenance pass: makes the partitions of today .. today+2, drops the expired ones. */
  async maintain(now = new Date()): Promise<{ dropped: string[] }> {
    const today = frameDay(now);
    const ahead = Array.from({ length: DAYS_AHEAD + 1 }, (_, i) => addDays(today, i));
    await this.partitions.ensure(ahead);
    for (const day of ahead) this.made.add(day);
    const dropped = await this.partitions.dropEndedBy(this.cutoff(now));
    const oldest = frameDay(this.cutoff(now));
    for (const day of [...this.made]) if (day < oldest || dropped.includes(day)) this.made.delete(day);
    if (dropped.length > 0) this.logger.info({ dropped }, 'message log: expired day partitions dropped');
    return { dropped };
  }

  /** Up to `limit` frames of a station's window, oldest first, and the position after the last one when there are more. */
  async window(query: FrameWindowQuery): Promise<FramePage> {
    const rows = await this.frames.window({ ...query, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, next: rows.length > query.limit && last ? last.position : null };
  }

  private async ensureDays(days: Set<string>): Promise<void> {
    const missing = [...days].filter((day) => !this.made.has(day));
    if (missing.length === 0) return;
    await this.partitions.ensure(missing);
    for (const day of missing) this.made.add(day);
  }
}
