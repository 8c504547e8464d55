import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { StationConnectionEvent, StationStatusEvent } from '@voltlane/contracts';
import { evseStatusPatch } from '../../domain/location-mapping';
import { EvseRepository } from '../../persistence/evse.repository';
import { LocationRepository } from '../../persistence/location.repository';
import type { PartnerDirectory } from '../partners';
import type { PushOutbox } from '../push-outbox';
import { objectPath, pushesTo, receiversOf, type OwnParty } from '../push/push-targets';
import { refreshStationEvses, statusTarget } from './station-evses';

/** EVSE ids 1…n of a placed station. */
export const evseIdsUpTo = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);

/**
 * EVSE statuses from the station topics: a connector's status (stations.status.v1) and the
 * station's connection (stations.connections.v1: UNKNOWN while it is away). When the published
 * status of an EVSE of a location changes, the location's `last_updated` moves and every
 * locations receiver gets `PATCH /{cc}/{pid}/{location_id}/{evse_uid}` {status, last_updated}
 * (object `location:<id>`, in order with the location's PUTs), in the same transaction.
 * Stations at no location keep their raw connector states and connection (placing one computes
 * its EVSEs' statuses from them), unpublished. Lock order everywhere: the
 * location row, then the station, then its EVSE rows.
 */
export class EvseStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: PushOutbox,
    private readonly partners: PartnerDirectory,
    private readonly party: OwnParty,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  async applyStatus(event: StationStatusEvent): Promise<void> {
    const target = statusTarget(event);
    await this.inStation(event.stationId, async (evses) => {
      const stored = await evses.recordConnector(event.stationId, target.evseId, target.key, { status: event.status, at: event.timestamp });
      if (!stored) this.logger.debug({ stationId: event.stationId, evseId: target.evseId }, 'older connector status ignored');
      return stored;
    });
  }

  async applyConnection(event: StationConnectionEvent): Promise<void> {
    await this.inStation(event.stationId, async (evses) => {
      const current = await evses.connection(event.stationId);
      const connected = event.type === 'Connected';
      // A Disconnected of a connection that is no longer the station's (it reconnected elsewhere first) changes nothing.
      if (!connected && current?.connected && current.connectionId !== event.connectionId) return false;
      await evses.setConnection(event.stationId, { connected, connectionId: event.connectionId, changedAt: new Date(event.at) });
      await evses.markConnected(event.stationId, connected);
      return true;
    });
  }

  /**
   * Runs `change` under the station's lock (and its location's, taken first), then recomputes the
   * station's EVSE statuses and pushes those of its location that changed.
   */
  private async inStation(stationId: string, change: (evses: EvseRepository) => Promise<boolean>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const locations = new LocationRepository(manager);
      const before = (await locations.placementsOf([stationId]))[0];
      if (before) await locations.lock(before.locationId);
      const evses = new EvseRepository(manager);
      await evses.lockStation(stationId);
      if (!(await change(evses))) return;
      const placement = (await locations.placementsOf([stationId]))[0];
      // A station at no location keeps its raw states only: placing it computes its EVSEs' statuses.
      if (!placement) return;
      const at = new Date(this.clock());
      const changes = await refreshStationEvses(evses, stationId, evseIdsUpTo(placement.evseCount), at);
      const published = changes.filter((c) => c.evseId <= placement.evseCount);
      if (published.length === 0) return;
      await locations.touch(placement.locationId, at);
      await this.pushPatches(manager, placement.locationId, published, at);
    });
  }

  private async pushPatches(
    manager: EntityManager,
    locationId: string,
    changes: readonly { uid: string; status: Parameters<typeof evseStatusPatch>[0] }[],
    at: Date,
  ): Promise<void> {
    const targets = await receiversOf(this.partners.within(manager), 'locations');
    const requests = changes.flatMap((c) =>
      pushesTo(targets, 'locations', {
        objectKey: `location:${locationId}`,
        method: 'PATCH',
        path: objectPath(this.party, locationId, c.uid),
        body: evseStatusPatch(c.status, at),
      }),
    );
    await this.outbox.enqueue(requests, manager);
  }
}
