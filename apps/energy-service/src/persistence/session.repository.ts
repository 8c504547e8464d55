import type { SessionLifecycleEvent } from '@voltlane/contracts';
import { numberOf, rowsOf, type Queryable } from './sql-values';
import type { StoredNeeds } from '../domain/ev-needs';

/** An active (or ended) session as the energy-service keeps it. */
export interface EnergySession {
  sessionId: string;
  stationId: string;
  protocol: string;
  transactionRef: string;
  /** 2.x EVSE id, 1.6 connector id; null while unknown. */
  evseId: number | null;
  idTokenKey: string | null;
  startedAt: Date;
  endedAt: Date | null;
  /** Learnt from per-phase current: 1 or 3; null until it drew. */
  phases: number | null;
  /** The latest per-phase current on the station's phases L1, L2, L3, A (null: not sampled). */
  measuredA: [number | null, number | null, number | null];
  measuredAt: Date | null;
  /** Since when it draws less than its share (less headroom); null = it uses its share. */
  underUseSince: Date | null;
  needs: StoredNeeds | null;
  needsAt: Date | null;
  evSchedule: Record<string, unknown> | null;
}

interface SessionRow {
  session_id: string;
  station_id: string;
  protocol: string;
  transaction_ref: string;
  evse_id: number | null;
  id_token_key: string | null;
  started_at: Date;
  ended_at: Date | null;
  phases: number | null;
  measured_l1_a: string | null;
  measured_l2_a: string | null;
  measured_l3_a: string | null;
  measured_at: Date | null;
  under_use_since: Date | null;
  needs: StoredNeeds | null;
  needs_at: Date | null;
  ev_schedule: Record<string, unknown> | null;
}

const COLUMNS =
  'session_id, station_id, protocol, transaction_ref, evse_id, id_token_key, started_at, ended_at, phases, ' +
  'measured_l1_a, measured_l2_a, measured_l3_a, measured_at, under_use_since, needs, needs_at, ev_schedule';

function sessionOf(row: SessionRow): EnergySession {
  return {
    sessionId: row.session_id,
    stationId: row.station_id,
    protocol: row.protocol,
    transactionRef: row.transaction_ref,
    evseId: row.evse_id,
    idTokenKey: row.id_token_key,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    phases: row.phases,
    measuredA: [numberOf(row.measured_l1_a), numberOf(row.measured_l2_a), numberOf(row.measured_l3_a)],
    measuredAt: row.measured_at,
    underUseSince: row.under_use_since,
    needs: row.needs,
    needsAt: row.needs_at,
    evSchedule: row.ev_schedule,
  };
}

/** What a lifecycle record changed that the planner cares about. */
export interface LifecycleChange {
  started: boolean;
  ended: boolean;
  /** The EVSE became known (a 2.x transaction may name it later). */
  evseLearnt: boolean;
}

/** A measurement to store on a session. */
export interface Measurement {
  currentsA: [number | undefined, number | undefined, number | undefined];
  measuredAt: Date;
  /** Phases the vehicle drew on in this measurement (1 or 3), when any drew. */
  phases: number | undefined;
  underUseSince: Date | null;
}

/** The `sessions` table: the sessions the service shares capacity between (plain SQL). */
export class SessionRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Applies a `sessions.lifecycle.v1` record: Started (or the first record of a session) inserts it,
   * Updated fills what was missing (EVSE, token), Ended ends it. A record that adds nothing (most
   * Updated ones: they carry energy, which load management does not keep) writes nothing, and
   * re-delivery changes nothing.
   */
  async apply(event: SessionLifecycleEvent): Promise<LifecycleChange> {
    const evseId = event.evseId ?? event.connectorId ?? null;
    const endedAt = event.type === 'Ended' ? (event.endedAt ?? event.occurredAt) : null;
    const rows = rowsOf<{
      inserted: boolean;
      prev_evse: number | null;
      prev_ended: Date | null;
      evse_id: number | null;
      ended_at: Date | null;
    }>(
      await this.db.query(
        `WITH prev AS (SELECT evse_id, ended_at FROM sessions WHERE session_id = $1)
         INSERT INTO sessions (session_id, station_id, protocol, transaction_ref, evse_id, connector_id, id_token_key, started_at, ended_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (session_id) DO UPDATE SET
           evse_id = COALESCE(sessions.evse_id, excluded.evse_id),
           connector_id = COALESCE(sessions.connector_id, excluded.connector_id),
           id_token_key = COALESCE(excluded.id_token_key, sessions.id_token_key),
           ended_at = COALESCE(sessions.ended_at, excluded.ended_at)
         WHERE (sessions.evse_id IS NULL AND excluded.evse_id IS NOT NULL)
            OR (sessions.connector_id IS NULL AND excluded.connector_id IS NOT NULL)
            OR (excluded.id_token_key IS NOT NULL AND excluded.id_token_key IS DISTINCT FROM sessions.id_token_key)
            OR (sessions.ended_at IS NULL AND excluded.ended_at IS NOT NULL)
         RETURNING (xmax = 0) AS inserted, (SELECT evse_id FROM prev) AS prev_evse, (SELECT ended_at FROM prev) AS prev_ended, evse_id, ended_at`,
        [
          event.sessionId,
          event.stationId,
          event.protocol,
          event.transactionRef,
          evseId,
          event.connectorId ?? null,
          event.idTokenKey ?? null,
          event.startedAt,
          endedAt,
        ],
      ),
    );
    const row = rows[0];
    if (!row) return { started: false, ended: false, evseLearnt: false };
    return {
      started: row.inserted && row.ended_at === null,
      ended: row.ended_at !== null && (row.inserted || row.prev_ended === null),
      evseLearnt: !row.inserted && row.prev_evse === null && row.evse_id !== null,
    };
  }

  /**
   * The running session of a transaction at a station that is in a site (a station no site manages
   * needs no measurements: its samples cost this one read and nothing more).
   */
  async activeManagedByTransaction(stationId: string, transactionRef: string): Promise<EnergySession | null> {
    const rows = rowsOf<SessionRow>(
      await this.db.query(
        `SELECT ${COLUMNS} FROM sessions WHERE station_id = $1 AND transaction_ref = $2 AND ended_at IS NULL
           AND EXISTS (SELECT 1 FROM nodes WHERE kind = 'station' AND nodes.station_id = sessions.station_id)`,
        [stationId, transactionRef],
      ),
    );
    return rows[0] ? sessionOf(rows[0]) : null;
  }

  /** Whether the session is still running (its Ended not received). */
  async isActive(sessionId: string): Promise<boolean> {
    const rows = rowsOf(await this.db.query(`SELECT 1 FROM sessions WHERE session_id = $1 AND ended_at IS NULL`, [sessionId]));
    return rows.length > 0;
  }

  /** The running session on an EVSE of a station (the latest, should a lost Ended leave two). */
  async activeOnEvse(stationId: string, evseId: number): Promise<EnergySession | null> {
    const rows = rowsOf<SessionRow>(
      await this.db.query(
        `SELECT ${COLUMNS} FROM sessions WHERE station_id = $1 AND evse_id = $2 AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1`,
        [stationId, evseId],
      ),
    );
    return rows[0] ? sessionOf(rows[0]) : null;
  }

  /** Every running session of these stations, oldest first. */
  async activeOfStations(stationIds: readonly string[]): Promise<EnergySession[]> {
    if (stationIds.length === 0) return [];
    const rows = rowsOf<SessionRow>(
      await this.db.query(
        `SELECT ${COLUMNS} FROM sessions WHERE station_id = ANY ($1) AND ended_at IS NULL ORDER BY started_at, session_id`,
        [stationIds],
      ),
    );
    return rows.map(sessionOf);
  }

  /**
   * Stores a measurement unless a later one is stored already: the phases sampled (the others keep
   * their value), the phases learnt (the highest seen stays), the under-use clock. Whether it was stored.
   */
  async measure(sessionId: string, m: Measurement): Promise<boolean> {
    const [l1, l2, l3] = m.currentsA;
    const rows = rowsOf(
      await this.db.query(
        `UPDATE sessions SET
           measured_l1_a = COALESCE($2, measured_l1_a), measured_l2_a = COALESCE($3, measured_l2_a), measured_l3_a = COALESCE($4, measured_l3_a),
           measured_at = $5, phases = GREATEST(phases, $6::smallint), under_use_since = $7
         WHERE session_id = $1 AND ended_at IS NULL AND (measured_at IS NULL OR measured_at <= $5)
         RETURNING session_id`,
        [sessionId, l1 ?? null, l2 ?? null, l3 ?? null, m.measuredAt, m.phases ?? null, m.underUseSince],
      ),
    );
    return rows.length > 0;
  }

  /** Stores an EV's charging needs (NotifyEVChargingNeeds) on its session. */
  async setNeeds(sessionId: string, needs: StoredNeeds, at: Date): Promise<void> {
    await this.db.query('UPDATE sessions SET needs = $2, needs_at = $3 WHERE session_id = $1', [sessionId, JSON.stringify(needs), at]);
  }

  /** Stores the schedule an EV chose (NotifyEVChargingSchedule). */
  async setEvSchedule(sessionId: string, schedule: Record<string, unknown>): Promise<void> {
    await this.db.query('UPDATE sessions SET ev_schedule = $2 WHERE session_id = $1', [sessionId, JSON.stringify(schedule)]);
  }

  /** Deletes sessions that ended before `before`; how many. */
  async deleteEndedBefore(before: Date, limit: number): Promise<number> {
    return rowsOf(
      await this.db.query(
        `DELETE FROM sessions WHERE session_id IN (SELECT session_id FROM sessions WHERE ended_at < $1 LIMIT $2) RETURNING session_id`,
        [before, limit],
      ),
    ).length;
  }
}
