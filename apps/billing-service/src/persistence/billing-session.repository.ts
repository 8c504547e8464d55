import { In, type DataSource } from 'typeorm';
import { Batcher, assertColumnBounds, multiRowValues } from '@voltlane/service-kit';
import { BillingSessionEntity } from './billing-session.entity';

/** A session's state as billing keeps it. */
export interface BillingSessionState {
  sessionId: string;
  stationId: string;
  protocol: string;
  transactionRef: string;
  idTokenKey: string | null;
  connectorId: number | null;
  evseId: number | null;
  startedAt: Date;
  endedAt: Date | null;
  energyWh: number;
  chargingSeconds: number;
  idleSeconds: number;
  anomalies: string[];
  status: 'Active' | 'Ended';
  lastOccurredAt: Date;
}

export class BillingSessionRepository {
  /** The session events handled at once are stored with one multi-row upsert. */
  private readonly upserts: Batcher<{ state: BillingSessionState; runningCost?: unknown }, boolean>;

  constructor(private readonly dataSource: DataSource) {
    this.upserts = new Batcher(
      (items) => this.upsert(items),
      async (item) => (await this.upsert([item]))[0],
      { concurrency: 2 },
    );
  }

  /**
   * Stores the state unless it is stale: an Ended session never goes back to Active, and an
   * Active state older than the stored one (a re-delivered Updated) is ignored. Returns whether
   * the state was applied. `runningCost`, when given, is stored with it in the same statement.
   */
  async apply(state: BillingSessionState, runningCost?: unknown): Promise<boolean> {
    // A raw upsert: the column-bounds subscriber does not see it, so the event's values are checked
    // first (energy_wh is numeric(18,3) here, narrower than the session-service's numeric(20,3)).
    assertColumnBounds(this.dataSource, BillingSessionEntity, { ...state, ...(runningCost !== undefined ? { runningCost } : {}) });
    return this.upserts.submit({ state, runningCost });
  }

  /** One upsert for the states of several sessions; which of them were applied. */
  private async upsert(items: readonly { state: BillingSessionState; runningCost?: unknown }[]): Promise<boolean[]> {
    const values = multiRowValues(
      items.map(({ state, runningCost }) => [
        state.sessionId,
        state.stationId,
        state.protocol,
        state.transactionRef,
        state.idTokenKey,
        state.connectorId,
        state.evseId,
        state.startedAt,
        state.endedAt,
        state.energyWh,
        state.chargingSeconds,
        state.idleSeconds,
        JSON.stringify(state.anomalies),
        state.status,
        state.lastOccurredAt,
        runningCost === undefined ? null : JSON.stringify(runningCost),
      ]),
      [...Array<undefined>(12), 'jsonb', undefined, undefined, 'jsonb'],
    );
    const applied = await this.dataSource.query<{ session_id: string }[]>(
      `INSERT INTO billing_sessions AS s (session_id, station_id, protocol, transaction_ref, id_token_key, connector_id, evse_id,
          started_at, ended_at, energy_wh, charging_seconds, idle_seconds, anomalies, status, last_occurred_at, running_cost)
       VALUES ${values.sql}
       ON CONFLICT (session_id) DO UPDATE SET
         station_id = excluded.station_id, protocol = excluded.protocol, transaction_ref = excluded.transaction_ref,
         id_token_key = COALESCE(excluded.id_token_key, s.id_token_key), connector_id = COALESCE(excluded.connector_id, s.connector_id),
         evse_id = COALESCE(excluded.evse_id, s.evse_id), started_at = excluded.started_at, ended_at = excluded.ended_at,
         energy_wh = excluded.energy_wh, charging_seconds = excluded.charging_seconds, idle_seconds = excluded.idle_seconds,
         anomalies = excluded.anomalies, status = excluded.status, last_occurred_at = excluded.last_occurred_at,
         running_cost = COALESCE(excluded.running_cost, s.running_cost), updated_at = now()
       WHERE s.status = 'Active' AND (excluded.status = 'Ended' OR excluded.last_occurred_at >= s.last_occurred_at)
       RETURNING session_id`,
      values.params,
    );
    const done = new Set(applied.map((r) => r.session_id));
    return items.map(({ state }) => done.has(state.sessionId));
  }

  async setRunningCost(sessionId: string, runningCost: unknown): Promise<void> {
    assertColumnBounds(this.dataSource, BillingSessionEntity, { sessionId, runningCost });
    await this.dataSource.query(`UPDATE billing_sessions SET running_cost = $2::jsonb WHERE session_id = $1`, [
      sessionId,
      JSON.stringify(runningCost),
    ]);
  }

  async find(sessionId: string): Promise<BillingSessionState | null> {
    const row = await this.dataSource.getRepository(BillingSessionEntity).findOneBy({ sessionId });
    return row ? toState(row) : null;
  }

  /**
   * Claims up to `limit` running 2.0.1/2.1 sessions whose CostUpdated is due at `now` (first due
   * one interval after the start) and moves their next one an interval on, in one statement:
   * SKIP LOCKED lets replicas claim disjoint sessions, and a restart keeps the schedule.
   */
  async claimDueCostUpdates(now: Date, intervalMs: number, limit: number): Promise<BillingSessionState[]> {
    const result: [{ session_id: string }[], number] = await this.dataSource.query(
      `UPDATE billing_sessions s SET cost_update_due_at = $1::timestamptz + make_interval(secs => $2::double precision / 1000)
         FROM (SELECT session_id FROM billing_sessions
                WHERE status = 'Active' AND protocol IN ('ocpp2.0.1', 'ocpp2.1')
                  AND COALESCE(cost_update_due_at, started_at + make_interval(secs => $2::double precision / 1000)) <= $1::timestamptz
                ORDER BY COALESCE(cost_update_due_at, started_at) LIMIT $3 FOR UPDATE SKIP LOCKED) due
        WHERE s.session_id = due.session_id
        RETURNING s.session_id`,
      [now.toISOString(), intervalMs, limit],
    );
    const [claimed] = result; // an UPDATE … RETURNING answers [rows, affected] through TypeORM's postgres driver
    if (claimed.length === 0) return [];
    const rows = await this.dataSource.getRepository(BillingSessionEntity).findBy({ sessionId: In(claimed.map((c) => c.session_id)) });
    return rows.filter((row) => row.status === 'Active').map(toState);
  }

  async listActive(): Promise<BillingSessionState[]> {
    const rows = await this.dataSource
      .getRepository(BillingSessionEntity)
      .find({ where: { status: 'Active' }, order: { startedAt: 'ASC' } });
    return rows.map(toState);
  }
}

function toState(row: BillingSessionEntity): BillingSessionState {
  return {
    sessionId: row.sessionId,
    stationId: row.stationId,
    protocol: row.protocol,
    transactionRef: row.transactionRef,
    idTokenKey: row.idTokenKey,
    connectorId: row.connectorId,
    evseId: row.evseId,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    energyWh: Number(row.energyWh),
    chargingSeconds: row.chargingSeconds,
    idleSeconds: row.idleSeconds,
    anomalies: row.anomalies,
    status: row.status,
    lastOccurredAt: row.lastOccurredAt,
  };
}
