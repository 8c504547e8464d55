import type { DataSource } from 'typeorm';
import type { SessionFact } from '@voltlane/report-domain';
import { Batcher, multiRowValues } from '@voltlane/service-kit';
import { stationCondition, type StationFilter } from './station-filter';

export interface SessionState {
  sessionId: string;
  stationId: string;
  startedAt: Date;
  endedAt: Date | null;
  energyWh: number;
  chargingSeconds: number;
  idleSeconds: number;
  ended: boolean;
  occurredAt: Date;
}

/** The latest state of each session: an Ended state is final; otherwise the latest event wins. */
export class SessionRepository {
  /** The session events handled at once are stored with one multi-row upsert. */
  private readonly upserts: Batcher<SessionState, void>;

  constructor(private readonly dataSource: DataSource) {
    this.upserts = new Batcher(
      async (states) => {
        await this.upsert(states);
        return states.map(() => undefined);
      },
      (state) => this.upsert([state]),
      { concurrency: 2 },
    );
  }

  apply(state: SessionState): Promise<void> {
    return this.upserts.submit(state);
  }

  private async upsert(states: readonly SessionState[]): Promise<void> {
    const values = multiRowValues(
      states.map((s) => [
        s.sessionId,
        s.stationId,
        s.startedAt,
        s.endedAt,
        s.energyWh,
        s.chargingSeconds,
        s.idleSeconds,
        s.ended,
        s.occurredAt,
      ]),
    );
    await this.dataSource.query(
      `INSERT INTO sessions (session_id, station_id, started_at, ended_at, energy_wh, charging_seconds, idle_seconds, ended, occurred_at)
       VALUES ${values.sql}
       ON CONFLICT (session_id) DO UPDATE SET
         started_at = excluded.started_at, ended_at = excluded.ended_at, energy_wh = excluded.energy_wh,
         charging_seconds = excluded.charging_seconds, idle_seconds = excluded.idle_seconds, ended = excluded.ended, occurred_at = excluded.occurred_at
       WHERE NOT sessions.ended AND (excluded.ended OR excluded.occurred_at >= sessions.occurred_at)`,
      values.params,
    );
  }

  /** Sessions that started in [from, to). */
  async startedIn(stations: StationFilter, from: Date, to: Date): Promise<(SessionFact & { stationId: string })[]> {
    const rows: {
      station_id: string;
      started_at: Date;
      ended_at: Date | null;
      energy_wh: string;
      charging_seconds: number;
      idle_seconds: number;
    }[] = await this.dataSource.query(
      `SELECT station_id, started_at, ended_at, energy_wh, charging_seconds, idle_seconds FROM sessions
         WHERE ${stationCondition('$1')} AND started_at >= $2 AND started_at < $3`,
      [stations, from, to],
    );
    return rows.map((r) => ({
      stationId: r.station_id,
      startedAt: r.started_at.getTime(),
      endedAt: r.ended_at?.getTime() ?? null,
      energyWh: Number(r.energy_wh),
      chargingSeconds: r.charging_seconds,
      idleSeconds: r.idle_seconds,
    }));
  }
}
