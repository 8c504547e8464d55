import { rowsOf, type Queryable } from '@voltlane/service-kit';
import type { CommandRequest, CommandResponseType, CommandResultType, CommandType } from '../domain/command-requests';

/** A command as received and answered (the `commands` table). */
export interface NewCommand {
  commandId: string;
  partnerId: string;
  command: CommandType;
  request: CommandRequest;
  response: CommandResponseType;
  stationId: string | null;
  ocppId: number | null;
  /** A command that is not ACCEPTED is complete at once: its result is the response, with the reason. */
  message?: string;
}

/** An accepted command whose result was not reported: a restart or crash interrupted it. */
export interface UnfinishedCommand {
  commandId: string;
  partnerId: string;
  command: CommandType;
  responseUrl: string;
  request: CommandRequest;
}

/** A roaming session's transaction at its station (`session_transactions`, from sessions.lifecycle.v1). */
export interface SessionTransaction {
  sessionId: string;
  stationId: string;
  protocol: string;
  transactionRef: string;
  idTokenKey: string;
  ended: boolean;
}

/**
 * The `commands` table and what commands look up (plain SQL): the stations' transactions of
 * roaming sessions, and the ids given to stations (command_ocpp_id_seq: remoteStartId, reservationId).
 */
export class CommandRepository {
  async insert(db: Queryable, c: NewCommand): Promise<void> {
    const done = c.response !== 'ACCEPTED';
    await db.query(
      `INSERT INTO commands (command_id, partner_id, command, response_url, station_id, request, response, ocpp_id, result, message, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $11 THEN now() END)`,
      [
        c.commandId,
        c.partnerId,
        c.command,
        c.request.response_url,
        c.stationId,
        c.request,
        c.response,
        c.ocppId,
        done ? c.response : null,
        c.message ?? null,
        done,
      ],
    );
  }

  /** Records the result of an accepted command once; false when it was recorded already (by the sweep, or another replica). */
  async complete(db: Queryable, commandId: string, result: CommandResultType, message: string | null): Promise<boolean> {
    const rows = rowsOf<{ command_id: string }>(
      await db.query(
        `UPDATE commands SET result = $2, message = $3, completed_at = now() WHERE command_id = $1 AND completed_at IS NULL RETURNING command_id`,
        [commandId, result, message],
      ),
    );
    return rows.length === 1;
  }

  /** Accepted commands received before `before` whose result was never recorded, claimed (locked) for this transaction. */
  async unfinished(db: Queryable, before: Date, limit: number): Promise<UnfinishedCommand[]> {
    const rows = rowsOf<{ command_id: string; partner_id: string; command: CommandType; response_url: string; request: CommandRequest }>(
      await db.query(
        `SELECT command_id, partner_id, command, response_url, request FROM commands
         WHERE completed_at IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [before, limit],
      ),
    );
    return rows.map((r) => ({
      commandId: r.command_id,
      partnerId: r.partner_id,
      command: r.command,
      responseUrl: r.response_url,
      request: r.request,
    }));
  }

  /** A new id for a station (remoteStartId, reservationId), far above the ids the session-service gives. */
  async nextOcppId(db: Queryable): Promise<number> {
    const rows = rowsOf<{ id: number }>(await db.query(`SELECT nextval('command_ocpp_id_seq')::integer AS id`));
    return Number(rows[0]?.id);
  }

  /** The latest accepted RESERVE_NOW of the partner with this reservation_id (for the token's party): its station and reservation id. */
  async reservation(
    db: Queryable,
    partnerId: string,
    reservationId: string,
  ): Promise<{ stationId: string; ocppId: number; locationId: string; countryCode: string; partyId: string } | undefined> {
    const rows = rowsOf<{ station_id: string; ocpp_id: number; location_id: string; country_code: string; party_id: string }>(
      await db.query(
        `SELECT station_id, ocpp_id, request->>'location_id' AS location_id,
                request->'token'->>'country_code' AS country_code, request->'token'->>'party_id' AS party_id
         FROM commands
         WHERE partner_id = $1 AND command = 'RESERVE_NOW' AND upper(request->>'reservation_id') = upper($2)
           AND response = 'ACCEPTED' AND station_id IS NOT NULL AND ocpp_id IS NOT NULL
         ORDER BY created_at DESC LIMIT 1`,
        [partnerId, reservationId],
      ),
    );
    const row = rows[0];
    return row
      ? {
          stationId: row.station_id,
          ocppId: row.ocpp_id,
          locationId: row.location_id,
          countryCode: row.country_code,
          partyId: row.party_id,
        }
      : undefined;
  }

  async sessionTransaction(db: Queryable, sessionId: string): Promise<SessionTransaction | undefined> {
    const rows = rowsOf<{
      session_id: string;
      station_id: string;
      protocol: string;
      transaction_ref: string;
      id_token_key: string;
      ended: boolean;
    }>(
      await db.query(
        `SELECT session_id, station_id, protocol, transaction_ref, id_token_key, ended FROM session_transactions WHERE session_id = $1`,
        [sessionId],
      ),
    );
    const row = rows[0];
    return row
      ? {
          sessionId: row.session_id,
          stationId: row.station_id,
          protocol: row.protocol,
          transactionRef: row.transaction_ref,
          idTokenKey: row.id_token_key,
          ended: row.ended,
        }
      : undefined;
  }

  /** Records a roaming session's transaction (idempotent; an ended one stays ended). */
  async recordSessionTransaction(db: Queryable, t: SessionTransaction): Promise<void> {
    await db.query(
      `INSERT INTO session_transactions (session_id, station_id, protocol, transaction_ref, id_token_key, ended)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (session_id) DO UPDATE SET id_token_key = EXCLUDED.id_token_key,
         ended = session_transactions.ended OR EXCLUDED.ended, last_updated = now()`,
      [t.sessionId, t.stationId, t.protocol, t.transactionRef, t.idTokenKey, t.ended],
    );
  }

  /** Marks a recorded session ended; false when it is not recorded. */
  async endSessionTransaction(db: Queryable, sessionId: string): Promise<void> {
    await db.query(`UPDATE session_transactions SET ended = true, last_updated = now() WHERE session_id = $1`, [sessionId]);
  }
}
