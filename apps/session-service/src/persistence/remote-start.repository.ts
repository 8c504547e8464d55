import type { DataSource, EntityManager } from 'typeorm';
import { declareColumnBounds } from '@voltlane/service-kit';

/** Requested: sent, no answer applied yet; then the station's answer (Accepted, Rejected). */
export type RemoteStartStatus = 'Requested' | 'Accepted' | 'Rejected';

/** A remote start the CSMS sent, waiting for (or linked to) the session that follows. */
export interface RemoteStart {
  stationId: string;
  remoteStartId: number;
  protocol: string;
  idToken: string;
  idTokenType: string | null;
  evseId: number | null;
  connectorId: number | null;
  status: RemoteStartStatus;
  transactionRef: string | null;
  sessionId: string | null;
  requestedAt: Date;
  answeredAt: Date | null;
}

interface Row {
  station_id: string;
  remote_start_id: number;
  protocol: string;
  id_token: string;
  id_token_type: string | null;
  evse_id: number | null;
  connector_id: number | null;
  status: RemoteStartStatus;
  transaction_ref: string | null;
  session_id: string | null;
  requested_at: Date;
  answered_at: Date | null;
}

/**
 * The remote_start columns (no entity: written by raw SQL only), as the migration declares them;
 * keyed by column, with the property names of `RemoteStart`.
 */
export const REMOTE_START_BOUNDS = declareColumnBounds('remote_start', {
  station_id: { type: 'text', propertyName: 'stationId' },
  remote_start_id: { type: 'integer', propertyName: 'remoteStartId' },
  protocol: { type: 'text' },
  id_token: { type: 'text', propertyName: 'idToken' },
  id_token_type: { type: 'text', propertyName: 'idTokenType' },
  evse_id: { type: 'integer', propertyName: 'evseId' },
  connector_id: { type: 'integer', propertyName: 'connectorId' },
  status: { type: 'text' },
  transaction_ref: { type: 'text', propertyName: 'transactionRef' },
  session_id: { type: 'uuid', propertyName: 'sessionId' },
  correlation_id: { type: 'text', propertyName: 'correlationId' },
  requested_at: { type: 'timestamptz', propertyName: 'requestedAt' },
  answered_at: { type: 'timestamptz', propertyName: 'answeredAt' },
});

/** How long a 1.6 StartTransaction may follow its RemoteStartTransaction and still be linked to it. */
const LINK_WINDOW = `interval '15 minutes'`;

export class RemoteStartRepository {
  constructor(private readonly dataSource: DataSource) {}

  async nextRemoteStartId(m: EntityManager = this.dataSource.manager): Promise<number> {
    const rows = await m.query<{ id: number }[]>(`SELECT nextval('remote_start_id_seq')::integer AS id`);
    return rows[0].id;
  }

  /** Recorded before the command is sent, so that a session starting at once can be linked. */
  async request(r: Omit<RemoteStart, 'status' | 'transactionRef' | 'sessionId' | 'answeredAt'>): Promise<void> {
    REMOTE_START_BOUNDS.assert(r);
    await this.dataSource.query(
      `INSERT INTO remote_start (station_id, remote_start_id, protocol, id_token, id_token_type, evse_id, connector_id, status, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'Requested', $8) ON CONFLICT DO NOTHING`,
      [r.stationId, r.remoteStartId, r.protocol, r.idToken, r.idTokenType, r.evseId, r.connectorId, r.requestedAt],
    );
  }

  /**
   * The station's answer. 2.x: by the remoteStartId of the request (inserted when another sender
   * chose it). 1.6 carries no id: the oldest unanswered request with the same token and connector
   * sent before it, or a new record with a generated id.
   */
  async applyAnswer(
    m: EntityManager,
    answer: Omit<RemoteStart, 'remoteStartId' | 'sessionId' | 'answeredAt'> & {
      remoteStartId: number | null;
      correlationId: string;
      answeredAt: Date;
    },
  ): Promise<void> {
    // Raw SQL: the values (from the command as sent and the station's answer) are checked first.
    REMOTE_START_BOUNDS.assert(answer);
    let remoteStartId = answer.remoteStartId;
    if (remoteStartId === null) {
      const rows = await m.query<{ remote_start_id: number }[]>(
        `SELECT remote_start_id FROM remote_start
          WHERE station_id = $1 AND status = 'Requested' AND correlation_id IS NULL AND upper(id_token) = upper($2)
            AND connector_id IS NOT DISTINCT FROM $3 AND requested_at <= $4
          ORDER BY requested_at ASC LIMIT 1 FOR UPDATE`,
        [answer.stationId, answer.idToken, answer.connectorId, answer.requestedAt],
      );
      remoteStartId = rows[0]?.remote_start_id ?? (await this.nextRemoteStartId(m));
    }
    await m.query(
      `INSERT INTO remote_start (station_id, remote_start_id, protocol, id_token, id_token_type, evse_id, connector_id, status, transaction_ref, correlation_id, requested_at, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (station_id, remote_start_id) DO UPDATE SET status = EXCLUDED.status, correlation_id = EXCLUDED.correlation_id,
         transaction_ref = COALESCE(remote_start.transaction_ref, EXCLUDED.transaction_ref), answered_at = EXCLUDED.answered_at`,
      [
        answer.stationId,
        remoteStartId,
        answer.protocol,
        answer.idToken,
        answer.idTokenType,
        answer.evseId,
        answer.connectorId,
        answer.status,
        answer.transactionRef,
        answer.correlationId,
        answer.requestedAt,
        answer.answeredAt,
      ],
    );
  }

  /** 1.6: claims the pending remote start a StartTransaction answers (same token, same or any connector). */
  async claimFor16(
    m: EntityManager,
    stationId: string,
    idTag: string,
    connectorId: number,
    sessionId: string,
    at: Date,
  ): Promise<number | null> {
    REMOTE_START_BOUNDS.assert({ stationId, idToken: idTag, connectorId, requestedAt: at });
    const rows = await m.query<{ remote_start_id: number }[]>(
      `UPDATE remote_start SET session_id = $4 WHERE (station_id, remote_start_id) = (
         SELECT station_id, remote_start_id FROM remote_start
          WHERE station_id = $1 AND session_id IS NULL AND status IN ('Requested', 'Accepted') AND protocol = 'ocpp1.6'
            AND upper(id_token) = upper($2) AND (connector_id IS NULL OR connector_id = $3)
            AND requested_at <= $5::timestamptz + interval '1 minute' AND requested_at > $5::timestamptz - ${LINK_WINDOW}
          ORDER BY requested_at ASC LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING remote_start_id`,
      [stationId, idTag, connectorId, sessionId, at],
    );
    return returned<{ remote_start_id: number }>(rows)[0]?.remote_start_id ?? null;
  }

  /** 2.x: the session whose TransactionEvent echoed the remoteStartId. */
  async link(m: EntityManager, stationId: string, remoteStartId: number, sessionId: string, transactionRef: string): Promise<void> {
    REMOTE_START_BOUNDS.assert({ stationId, remoteStartId, transactionRef });
    await m.query(
      `UPDATE remote_start SET session_id = $3, transaction_ref = $4 WHERE station_id = $1 AND remote_start_id = $2 AND session_id IS NULL`,
      [stationId, remoteStartId, sessionId, transactionRef],
    );
  }

  async find(stationId: string, remoteStartId: number): Promise<RemoteStart | null> {
    const rows = await this.dataSource.query<Row[]>(`SELECT * FROM remote_start WHERE station_id = $1 AND remote_start_id = $2`, [
      stationId,
      remoteStartId,
    ]);
    return rows[0] ? toRemoteStart(rows[0]) : null;
  }

  async findBySession(sessionId: string): Promise<RemoteStart | null> {
    const rows = await this.dataSource.query<Row[]>(`SELECT * FROM remote_start WHERE session_id = $1 LIMIT 1`, [sessionId]);
    return rows[0] ? toRemoteStart(rows[0]) : null;
  }
}

/** TypeORM answers an UPDATE … RETURNING with [rows, count] on PostgreSQL. */
export function returned<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

function toRemoteStart(row: Row): RemoteStart {
  return {
    stationId: row.station_id,
    remoteStartId: row.remote_start_id,
    protocol: row.protocol,
    idToken: row.id_token,
    idTokenType: row.id_token_type,
    evseId: row.evse_id,
    connectorId: row.connector_id,
    status: row.status,
    transactionRef: row.transaction_ref,
    sessionId: row.session_id,
    requestedAt: row.requested_at,
    answeredAt: row.answered_at,
  };
}
