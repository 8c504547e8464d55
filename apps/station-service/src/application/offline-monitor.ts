import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { StationFaultEntity } from '../persistence/station-fault.entity';
import type { FaultService } from './fault.service';

export interface OfflineMonitorOptions {
  /** How often the sweep runs, in ms. */
  sweepMs: number;
  /** Silence tolerated beyond the heartbeat interval, in seconds. */
  graceS: number;
  /** The heartbeat interval given at boot; a station's own `HeartbeatInterval` key wins. */
  heartbeatIntervalS: number;
}

interface Seen {
  at: Date;
  connectionId: string;
}

/**
 * Offline detection. A station that has sent nothing for longer than its heartbeat interval plus
 * the grace period gets an open `Offline` fault and is marked offline (even if its socket looks
 * open); anything it sends later resolves that fault and, on the same connection, marks it online
 * again. Safe with several replicas: the fault is raised by a conditional INSERT … ON CONFLICT DO
 * NOTHING RETURNING on the one-open-fault index, so only one replica raises and publishes it, and
 * a fault is resolved by a conditional UPDATE of an open fault only.
 */
export class OfflineMonitor {
  private pending = new Map<string, Seen>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly faults: FaultService,
    private readonly options: OfflineMonitorOptions,
    private readonly logger: Logger,
  ) {}

  /** The station sent a frame (called for every inbound frame: memory only). */
  seen(stationId: string, at: Date, connectionId: string): void {
    const known = this.pending.get(stationId);
    if (!known || known.at < at) this.pending.set(stationId, { at, connectionId });
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.sweepMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Resolves the Offline faults of stations that spoke, then marks silent stations offline; never rejects. */
  tick(now = new Date()): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        await this.resolveSpoken();
        await this.sweep(now);
      } catch (error) {
        this.logger.warn({ err: error }, 'offline sweep failed; retried at the next one');
      }
    });
    return this.running;
  }

  /** Raises an Offline fault for each station silent for too long (and marks it offline); returns their ids. */
  async sweep(now: Date): Promise<string[]> {
    const candidates = await this.dataSource.query<{ id: string; protocol: string | null; last_seen_at: Date }[]>(
      `SELECT s.id, s.protocol, s.last_seen_at FROM station s WHERE ${SILENT}`,
      [now, this.options.heartbeatIntervalS, this.options.graceS],
    );
    const marked: string[] = [];
    for (const station of candidates) {
      const silentSince = new Date(station.last_seen_at);
      const opened = await this.dataSource.transaction(async (m) => {
        // Conditional: of several replicas sweeping, only the one whose INSERT finds no open
        // Offline fault (the partial unique index) raises it and publishes.
        const [row] = await m.query<{ id: string }[]>(
          `INSERT INTO station_fault (station_id, evse_id, connector_id, source, code, info, protocol, state, first_seen_at, last_seen_at, occurrences)
           VALUES ($1, 0, 0, 'Offline', 'Offline', $2, $3, 'open', $4, $4, 1)
           ON CONFLICT (station_id, evse_id, connector_id, source, code) WHERE state = 'open' DO NOTHING
           RETURNING id`,
          [station.id, `Nothing received since ${silentSince.toISOString()}`, station.protocol, silentSince],
        );
        if (!row) return false;
        // Its socket may look open: the station counts as offline until it speaks again.
        await m.query(`UPDATE station SET online = false, updated_at = now() WHERE id = $1 AND online AND last_seen_at <= $2`, [
          station.id,
          silentSince,
        ]);
        await this.faults.publish(
          (await m.getRepository(StationFaultEntity).findOne({ where: { id: String(row.id) } })) as StationFaultEntity,
        );
        return true;
      });
      if (opened) marked.push(station.id);
    }
    if (marked.length) this.logger.info({ stations: marked }, 'silent stations marked offline');
    return marked;
  }

  /** Resolves the open Offline faults of the stations seen since the last tick. */
  async resolveSpoken(): Promise<number> {
    if (this.pending.size === 0) return 0;
    const batch = this.pending;
    this.pending = new Map();
    try {
      const open = await this.dataSource.query<{ id: string; station_id: string }[]>(
        `SELECT id, station_id FROM station_fault WHERE state = 'open' AND source = 'Offline' AND station_id = ANY($1::text[])`,
        [[...batch.keys()]],
      );
      let resolved = 0;
      for (const row of open) {
        const seen = batch.get(row.station_id) as Seen;
        const done = await this.dataSource.transaction(async (m) => {
          await m.query(`SELECT 1 FROM station WHERE id = $1 FOR UPDATE`, [row.station_id]);
          const [still] = await m.query<unknown[]>(`SELECT 1 FROM station_fault WHERE id = $1 AND state = 'open' AND last_seen_at < $2`, [
            row.id,
            seen.at,
          ]);
          if (!still) return false;
          const fault = await this.faults.resolve(m, row.id, seen.at, 'station');
          if (!fault) return false;
          // Online again when it spoke on its live connection (no Disconnected since).
          await m.query(
            `UPDATE station SET last_seen_at = GREATEST(last_seen_at, $3), updated_at = now(),
               online = online OR COALESCE(connection_id = $2 AND (disconnected_at IS NULL OR disconnected_at < connected_at), false)
             WHERE id = $1`,
            [row.station_id, seen.connectionId, seen.at],
          );
          await this.faults.publish(fault);
          return true;
        });
        if (done) resolved += 1;
      }
      return resolved;
    } catch (error) {
      for (const [id, seen] of batch) this.seen(id, seen.at, seen.connectionId);
      throw error;
    }
  }
}

/**
 * Stations (accepted, or never booted here) whose last frame is older than their heartbeat
 * interval ($2, or their own 1.6 `HeartbeatInterval` configuration key) plus the grace ($3) at $1,
 * connected or not, that have no Offline fault for this silence yet (open, or resolved by an
 * operator: raised once per silence). Pending and Rejected stations may stay silent until their
 * boot retry, so they are left alone.
 */
const SILENT = `s.last_seen_at IS NOT NULL
  AND s.boot_status IS DISTINCT FROM 'Pending' AND s.boot_status IS DISTINCT FROM 'Rejected'
  AND NOT EXISTS (SELECT 1 FROM station_fault f WHERE f.station_id = s.id AND f.source = 'Offline' AND (f.state = 'open' OR f.last_seen_at >= s.last_seen_at))
  AND s.last_seen_at < $1::timestamptz - make_interval(secs => COALESCE(
    (SELECT CASE WHEN k.value ~ '^[0-9]{1,6}$' THEN NULLIF(k.value::int, 0) END FROM configuration_key k WHERE k.station_id = s.id AND k.key = 'HeartbeatInterval'),
    $2::int) + $3::int)`;
