import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertColumnBounds } from '@voltlane/service-kit';
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

@Injectable()
export class BillingSessionRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Stores the state unless it is stale: an Ended session never goes back to Active, and an
   * Active state older than the stored one (a re-delivered Updated) is ignored. Returns whether
   * the state was applied. `runningCost`, when given, is stored with it in the same statement.
   */
  async apply(state: BillingSessionState, runningCost?: unknown): Promise<boolean> {
    // A raw upsert: the column-bounds subscriber does not see it, so the event's values are checked
    // first (energy_wh is numeric(18,3) here, narrower than the session-service's numeric(20,3)).
    assertColumnBounds(this.dataSource, BillingSessionEntity, { ...state, ...(runningCost !== undefined ? { runningCost } : {}) });
    const applied = await this.dataSource.query<unknown[]>(
      `INSERT INTO billing_sessions AS s (session_id, station_id, protocol, transaction_ref, id_token_key, connector_id, evse_id,
          started_at, ended_at, energy_wh, charging_seconds, idle_seconds, anomalies, status, last_occurred_at, running_cost, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, now())
       ON CONFLICT (session_id) DO UPDATE SET
         station_id = excluded.station_id, protocol = excluded.protocol, transaction_ref = excluded.transaction_ref,
         id_token_key = COALESCE(excluded.id_token_key, s.id_token_key), connector_id = COALESCE(excluded.connector_id, s.connector_id),
         evse_id = COALESCE(excluded.evse_id, s.evse_id), started_at = excluded.started_at, ended_at = excluded.ended_at,
         energy_wh = excluded.energy_wh, charging_seconds = excluded.charging_seconds, idle_seconds = excluded.idle_seconds,
         anomalies = excluded.anomalies, status = excluded.status, last_occurred_at = excluded.last_occurred_at,
         running_cost = COALESCE(excluded.running_cost, s.running_cost), updated_at = now()
       WHERE s.status = 'Active' AND (excluded.status = 'Ended' OR excluded.last_occurred_at >= s.last_occurred_at)
       RETURNING session_id`,
      [
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
      ],
    );
    return applied.length > 0;
  }

  async setRunningCost(sessionId: string, runningCost: unknown): Promise<void> {
    assertColumnBounds(this.dataSource, BillingSessionEntity, { sessionId, runningCost });
    await this.dataSource.query(`UPDATE billing_sessions SET running_cost = $2::jsonb WHERE session_id = $1`, [sessionId, JSON.stringify(runningCost)]);
  }

  async find(sessionId: string): Promise<BillingSessionState | null> {
    const row = await this.dataSource.getRepository(BillingSessionEntity).findOneBy({ sessionId });
    return row ? toState(row) : null;
  }

  async listActive(): Promise<BillingSessionState[]> {
    const rows = await this.dataSource.getRepository(BillingSessionEntity).find({ where: { status: 'Active' }, order: { startedAt: 'ASC' } });
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
