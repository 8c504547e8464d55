import type { Logger } from 'pino';
import type { StationConnectionEvent } from '@voltlane/contracts';
import type { DataSource } from 'typeorm';
import { markStationSiteDue } from '../persistence/site-replan';
import type { StationStateRepository } from '../persistence/station-state.repository';
import type { StationReapply } from './enforcement/station-reapply';

/**
 * Stations coming and going (stations.connections.v1). Connected: its profiles go to it again and
 * are checked (StationReapply, not awaited: a slow station holds up no other record), and its site
 * is re-planned (its sessions are decided again instead of counted at their last limit).
 * Disconnected: its site is re-planned (its sessions become fixed draws).
 */
export class StationConnections {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly stations: StationStateRepository,
    private readonly reapply: StationReapply,
    private readonly debounceMs: number,
    private readonly logger: Logger,
  ) {}

  async apply(event: StationConnectionEvent): Promise<void> {
    const at = new Date(event.at);
    if (event.type === 'Connected') {
      if (!(await this.stations.connected(event.stationId, event.connectionId, at))) return;
      await markStationSiteDue(this.dataSource, event.stationId, `station-connected:${event.stationId}`, this.debounceMs);
      const job: Promise<void> = this.reapply
        .reapply(event.stationId, at)
        .catch((error: unknown) => this.logger.warn({ err: error, stationId: event.stationId }, 'profiles not re-applied'))
        .finally(() => this.running.delete(job));
      this.running.add(job);
      return;
    }
    if (await this.stations.disconnected(event.stationId, event.connectionId, at))
      await markStationSiteDue(this.dataSource, event.stationId, `station-disconnected:${event.stationId}`, this.debounceMs);
  }

  /** Resolves when the re-applies under way have finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
