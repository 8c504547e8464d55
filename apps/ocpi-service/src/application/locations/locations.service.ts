import type { DataSource, EntityManager } from 'typeorm';
import {
  evseStatusPatch,
  evseUid,
  operatorFieldsOf,
  type CpoParty,
  type OcpiConnector,
  type OcpiEvse,
  type OcpiLocation,
} from '../../domain/location-mapping';
import { stationTariffIds } from '../../domain/tariff-mapping';
import { EvseRepository } from '../../persistence/evse.repository';
import { LocationRepository, type PlacedStation, type UpdatedBetween } from '../../persistence/location.repository';
import { TariffRepository } from '../../persistence/tariff.repository';
import type { PartnerDirectory } from '../partners';
import type { PushOutbox, PushRequest } from '../push-outbox';
import { conflict, notFound } from '../push/operator-error';
import { objectPath, pushesTo, receiversOf } from '../push/push-targets';
import { evseIdsUpTo } from './evse-status.service';
import { checkLocationId, locationFieldsOf, sameLocation, type LocationInput } from './location-input';
import { LocationReader, type LocationState } from './location-reader';
import { refreshStationEvses } from './station-evses';

/** Where a station EVSE is in OCPI terms (sessions, CDRs and commands name it so). */
export interface EvsePlace {
  location: OcpiLocation;
  evse: OcpiEvse;
  connector: OcpiConnector;
  stationId: string;
  evseId: number;
}

const SYNC_PAGE = 100;

const unknownLocation = (locationId: string) => notFound('UnknownLocation', `no location ${locationId}`);

/**
 * Locations: what operators publish (PUT replaces a location with its stations and connector; one
 * EVSE per station EVSE, uid `<stationId>-<evseId>`), what partners pull, and the pushes: a
 * changed location is PUT whole to every locations receiver; EVSEs that leave it (a station
 * removed, fewer EVSEs, the location deleted) are first PATCHed to REMOVED (OCPI deletes nothing).
 * A station belongs to one location at a time.
 */
export class LocationsService {
  private readonly reader: LocationReader;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: PushOutbox,
    private readonly partners: PartnerDirectory,
    private readonly party: CpoParty,
    private readonly clock: () => number = Date.now,
  ) {
    this.reader = new LocationReader(party);
  }

  /** Creates or replaces a location; resolves with it and whether it was created. A PUT that changes nothing pushes nothing. */
  async put(locationId: string, input: LocationInput): Promise<{ state: LocationState; created: boolean }> {
    checkLocationId(locationId);
    const next = locationFieldsOf(input);
    return this.dataSource.transaction(async (manager) => {
      const locations = new LocationRepository(manager);
      const existing = await locations.lock(locationId);
      const before = existing ? await locations.stationsOf([locationId]) : [];
      const elsewhere = (await locations.placementsOf(next.stations.map((s) => s.stationId))).filter((p) => p.locationId !== locationId);
      if (elsewhere.length > 0)
        throw conflict(
          'StationElsewhere',
          `${elsewhere.map((p) => `station ${p.stationId} is at location ${p.locationId}`).join('; ')}: remove it there first`,
          'stations',
        );
      if (existing && sameLocation({ fields: operatorFieldsOf(existing), stations: before }, next))
        return { state: await this.reader.state(manager, existing), created: false };
      const at = new Date(this.clock());
      const evses = new EvseRepository(manager);
      for (const stationId of [...new Set([...before, ...next.stations].map((s) => s.stationId))].sort())
        await evses.lockStation(stationId);
      const entries = (await new TariffRepository(manager).all()).map((t) => t.entry);
      const placed = next.stations.map((s) => ({ ...s, tariffIds: stationTariffIds(entries, s.stationId, at) }));
      const { location, created } = await locations.upsert(locationId, next.fields, at);
      const taken = await locations.replaceStations(locationId, placed);
      if (taken.length > 0) throw conflict('StationElsewhere', `station(s) ${taken.join(', ')} are at another location`, 'stations');
      for (const station of placed) await refreshStationEvses(evses, station.stationId, evseIdsUpTo(station.evseCount), at);
      await evses.touch(
        placed.map((s) => s.stationId),
        at,
      );
      const state = await this.reader.state(manager, location);
      const targets = await receiversOf(this.partners.within(manager), 'locations');
      const requests = [
        ...this.removals(targets, locationId, leaving(before, placed), at),
        ...pushesTo(targets, 'locations', this.putOf(state)),
      ];
      await this.outbox.enqueue(requests, manager);
      return { state, created };
    });
  }

  async get(locationId: string): Promise<LocationState> {
    const location = await new LocationRepository(this.dataSource).get(checkLocationId(locationId));
    if (!location) throw unknownLocation(locationId);
    return this.reader.state(this.dataSource, location);
  }

  async page(limit: number, offset: number): Promise<{ items: LocationState[]; total: number }> {
    const { items, total } = await new LocationRepository(this.dataSource).page(limit, offset);
    return { items: await this.reader.states(this.dataSource, items), total };
  }

  /** Deletes a location: its EVSEs are PATCHed to REMOVED at every receiver, its stations are free again. */
  async delete(locationId: string): Promise<void> {
    checkLocationId(locationId);
    await this.dataSource.transaction(async (manager) => {
      const locations = new LocationRepository(manager);
      if (!(await locations.lock(locationId))) throw unknownLocation(locationId);
      const stations = await locations.stationsOf([locationId]);
      const evses = new EvseRepository(manager);
      for (const station of stations) await evses.lockStation(station.stationId);
      const targets = await receiversOf(this.partners.within(manager), 'locations');
      const requests = this.removals(targets, locationId, leaving(stations, []), new Date(this.clock()));
      await locations.delete(locationId);
      await this.outbox.enqueue(requests, manager);
    });
  }

  /** A page of OCPI Locations for a pull (`last_updated` in [from, to), oldest first). */
  async pullPage(between: UpdatedBetween, offset: number, limit: number): Promise<{ items: OcpiLocation[]; total: number }> {
    const { items, total } = await new LocationRepository(this.dataSource).pullPage(between, limit, offset);
    return { items: await this.reader.ocpiLocations(this.dataSource, items), total };
  }

  async pullLocation(locationId: string): Promise<OcpiLocation | undefined> {
    const location = await new LocationRepository(this.dataSource).getCaseInsensitive(locationId);
    return location ? this.reader.ocpi(await this.reader.state(this.dataSource, location)) : undefined;
  }

  async pullEvse(locationId: string, uid: string): Promise<OcpiEvse | undefined> {
    return (await this.pullLocation(locationId))?.evses.find((e) => e.uid.toLowerCase() === uid.toLowerCase());
  }

  async pullConnector(locationId: string, uid: string, connectorId: string): Promise<OcpiConnector | undefined> {
    return (await this.pullEvse(locationId, uid))?.connectors.find((c) => c.id.toLowerCase() === connectorId.toLowerCase());
  }

  /** Where a station EVSE (1.6: connector id) is published; undefined when its station is at no location. */
  async placeOf(stationId: string, evseId: number): Promise<EvsePlace | undefined> {
    const placement = (await new LocationRepository(this.dataSource).placementsOf([stationId]))[0];
    if (!placement || evseId < 1 || evseId > placement.evseCount) return undefined;
    const location = await this.pullLocation(placement.locationId);
    const uid = evseUid(stationId, evseId);
    const evse = location?.evses.find((e) => e.uid === uid);
    const connector = evse?.connectors[0];
    return location && evse && connector ? { location, evse, connector, stationId, evseId } : undefined;
  }

  /** The station EVSE behind an OCPI (location_id, evse_uid) (a command names it so). */
  async resolveEvse(
    locationId: string,
    uid: string,
  ): Promise<{ locationId: string; stationId: string; evseId: number; uid: string } | undefined> {
    const location = await new LocationRepository(this.dataSource).getCaseInsensitive(locationId);
    if (!location) return undefined;
    const evse = (await this.reader.state(this.dataSource, location)).evses.find((e) => e.uid.toLowerCase() === uid.toLowerCase());
    return evse ? { locationId: location.locationId, stationId: evse.stationId, evseId: evse.evseId, uid: evse.uid } : undefined;
  }

  /** Queues a PUT of every location for one partner (a new partner gets everything); resolves with how many. */
  async syncPartner(partnerId: string): Promise<number> {
    const targets = await receiversOf(this.partners, 'locations', partnerId);
    if (targets.length === 0) return 0;
    let count = 0;
    for (let offset = 0; ; offset += SYNC_PAGE) {
      const { items } = await new LocationRepository(this.dataSource).pullPage({}, SYNC_PAGE, offset);
      if (items.length === 0) return count;
      const states = await this.reader.states(this.dataSource, items);
      await this.outbox.enqueue(states.flatMap((state) => pushesTo(targets, 'locations', this.putOf(state))));
      count += items.length;
    }
  }

  /** Pushes the whole location again to every receiver (its tariff ids changed), in the caller's transaction. */
  async repush(manager: EntityManager, locationId: string): Promise<void> {
    const location = await new LocationRepository(manager).get(locationId);
    if (!location) return;
    const targets = await receiversOf(this.partners.within(manager), 'locations');
    await this.outbox.enqueue(pushesTo(targets, 'locations', this.putOf(await this.reader.state(manager, location))), manager);
  }

  private putOf(state: LocationState): Pick<PushRequest, 'objectKey' | 'method' | 'path' | 'body'> {
    const locationId = state.location.locationId;
    return { objectKey: `location:${locationId}`, method: 'PUT', path: objectPath(this.party, locationId), body: this.reader.ocpi(state) };
  }

  private removals(targets: Awaited<ReturnType<typeof receiversOf>>, locationId: string, gone: readonly string[], at: Date): PushRequest[] {
    return gone.flatMap((uid) =>
      pushesTo(targets, 'locations', {
        objectKey: `location:${locationId}`,
        method: 'PATCH',
        path: objectPath(this.party, locationId, uid),
        body: evseStatusPatch('REMOVED', at),
      }),
    );
  }
}

/** The uids of EVSEs that were at the location and are not any more. */
function leaving(
  before: readonly Pick<PlacedStation, 'stationId' | 'evseCount'>[],
  after: readonly Pick<PlacedStation, 'stationId' | 'evseCount'>[],
): string[] {
  const kept = new Map(after.map((s) => [s.stationId, s.evseCount]));
  return before.flatMap((s) =>
    evseIdsUpTo(s.evseCount)
      .filter((id) => id > (kept.get(s.stationId) ?? 0))
      .map((id) => evseUid(s.stationId, id)),
  );
}
