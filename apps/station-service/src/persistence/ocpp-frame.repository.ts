import type { DataSource } from 'typeorm';
import type { FrameDirection } from '@voltlane/contracts';
import type { FramePosition } from '../domain/ocpp-frame-cursor';

/** A frame as it is stored in `ocpp_frames`. */
export interface OcppFrameRow {
  at: Date;
  stationId: string;
  connectionId: string;
  direction: FrameDirection;
  messageType: number | null;
  messageId: string | null;
  action: string | null;
  frame: string;
  truncated: boolean;
}

/** A stored frame with its keyset position. */
export interface StoredFrame extends OcppFrameRow {
  position: FramePosition;
}

/** A station's frames in [from, to), filtered, after a position, oldest first. */
export interface FrameWindowQuery {
  stationId: string;
  from: Date;
  to: Date;
  action?: string;
  messageId?: string;
  direction?: FrameDirection;
  after?: FramePosition;
  limit: number;
}

interface FrameRecord {
  seq: string;
  at: Date;
  at_text: string;
  station_id: string;
  connection_id: string;
  direction: FrameDirection;
  message_type: number | null;
  message_id: string | null;
  action: string | null;
  frame: string;
  truncated: boolean;
}

/** PostgreSQL text cannot hold NUL: a NUL a station sent is stored as U+FFFD. */
const clean = (text: string): string => (text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text);

/** The `ocpp_frames` table (its day partitions must exist: FramePartitions). */
export class OcppFrameRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the rows in one statement (one array parameter per column). */
  async insert(rows: readonly OcppFrameRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO ocpp_frames (at, station_id, connection_id, direction, message_type, message_id, action, frame, truncated)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::text[], $8::text[], $9::boolean[])`,
      [
        rows.map((r) => r.at.toISOString()),
        rows.map((r) => clean(r.stationId)),
        rows.map((r) => clean(r.connectionId)),
        rows.map((r) => r.direction),
        rows.map((r) => r.messageType),
        rows.map((r) => (r.messageId === null ? null : clean(r.messageId))),
        rows.map((r) => (r.action === null ? null : clean(r.action))),
        rows.map((r) => clean(r.frame)),
        rows.map((r) => r.truncated),
      ],
    );
  }

  /** At most `limit` frames of the window, ordered by (at, seq). */
  async window(query: FrameWindowQuery): Promise<StoredFrame[]> {
    const params: unknown[] = [query.stationId, query.from, query.to];
    const where = ['station_id = $1', 'at >= $2', 'at < $3'];
    const add = (condition: (n: number) => string, ...values: unknown[]): void => {
      params.push(...values);
      where.push(condition(params.length - values.length + 1));
    };
    if (query.action !== undefined) add((n) => `action = $${n}`, query.action);
    if (query.messageId !== undefined) add((n) => `message_id = $${n}`, query.messageId);
    if (query.direction !== undefined) add((n) => `direction = $${n}`, query.direction);
    if (query.after) add((n) => `(at, seq) > ($${n}::timestamptz, $${n + 1}::bigint)`, query.after.at, query.after.seq);
    params.push(query.limit);
    const rows: FrameRecord[] = await this.dataSource.query(
      `SELECT seq::text AS seq, at, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text, station_id,
              connection_id, direction, message_type, message_id, action, frame, truncated
       FROM ocpp_frames WHERE ${where.join(' AND ')} ORDER BY at, seq LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      at: r.at,
      stationId: r.station_id,
      connectionId: r.connection_id,
      direction: r.direction,
      messageType: r.message_type,
      messageId: r.message_id,
      action: r.action,
      frame: r.frame,
      truncated: r.truncated,
      position: { at: r.at_text, seq: r.seq },
    }));
  }
}
