import type { DataSource, EntityManager } from 'typeorm';
import type { TariffCatalogEntry } from '@voltlane/contracts';
import { ocpiTariffId, sameTariff, stationTariffIds, toOcpiTariff, type OcpiTariff } from '../../domain/tariff-mapping';
import { EvseRepository } from '../../persistence/evse.repository';
import { LocationRepository, type UpdatedBetween } from '../../persistence/location.repository';
import { TariffRepository, type StoredTariff } from '../../persistence/tariff.repository';
import type { LocationsService } from '../locations/locations.service';
import type { PartnerDirectory, PushTarget } from '../partners';
import type { PushOutbox, PushRequest } from '../push-outbox';
import { objectPath, pushesTo, receiversOf, type OwnParty } from '../push/push-targets';

const SYNC_PAGE = 100;

/** What a refresh changed: tariffs pushed again, locations whose connectors' tariff ids changed. */
export interface TariffRefresh {
  tariffs: number;
  locations: number;
}

/**
 * Tariffs from billing.tariffs.v1 as OCPI Tariffs (`toOcpiTariff`): a record newer than the kept
 * one is stored; when the tariff partners see changes (not on a mere republish), every tariffs
 * receiver gets `PUT /{cc}/{pid}/{tariff_id}`, or `DELETE` when no version is in force or to come.
 * Connectors show their station's tariff (`stationTariffIds`): when that changes, the location is
 * PUT again. Versions and assignments start and end with time, so `refresh` (periodic) derives
 * everything again. One advisory lock serialises all of it (topic, timer, replicas).
 */
export class TariffsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: PushOutbox,
    private readonly partners: PartnerDirectory,
    private readonly party: OwnParty,
    private readonly locations: LocationsService,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A billing.tariffs.v1 record: kept when newer than the one stored (a re-delivery or an older record changes nothing). */
  async apply(entry: TariffCatalogEntry): Promise<TariffRefresh> {
    return this.dataSource.transaction(async (manager) => {
      const tariffs = new TariffRepository(manager);
      await tariffs.lockAll();
      const stored = await tariffs.get(entry.tariffId);
      if (stored && stored.revision >= entry.revision) return { tariffs: 0, locations: 0 };
      const pushed = await this.derive(manager, entry, stored);
      return { tariffs: pushed ? 1 : 0, locations: await this.refreshConnectors(manager) };
    });
  }

  /** Derives every tariff and every connector's tariff ids again at the current time (versions and assignments that began or ended). */
  async refresh(): Promise<TariffRefresh> {
    return this.dataSource.transaction(async (manager) => {
      const tariffs = new TariffRepository(manager);
      await tariffs.lockAll();
      let pushed = 0;
      for (const stored of await tariffs.all()) if (await this.derive(manager, stored.entry, stored)) pushed++;
      return { tariffs: pushed, locations: await this.refreshConnectors(manager) };
    });
  }

  async pullPage(between: UpdatedBetween, offset: number, limit: number): Promise<{ items: OcpiTariff[]; total: number }> {
    return new TariffRepository(this.dataSource).pullPage(between, limit, offset);
  }

  /** Queues a PUT of every published tariff for one partner (a new partner gets everything); resolves with how many. */
  async syncPartner(partnerId: string): Promise<number> {
    const targets = await receiversOf(this.partners, 'tariffs', partnerId);
    if (targets.length === 0) return 0;
    let count = 0;
    for (let offset = 0; ; offset += SYNC_PAGE) {
      const { items } = await new TariffRepository(this.dataSource).pullPage({}, SYNC_PAGE, offset);
      if (items.length === 0) return count;
      await this.outbox.enqueue(items.flatMap((tariff) => this.pushes(targets, tariff.id, tariff)));
      count += items.length;
    }
  }

  /** Stores the record's OCPI tariff; when partners would see a change, pushes it. Resolves with whether it pushed. */
  private async derive(manager: EntityManager, entry: TariffCatalogEntry, stored: StoredTariff | undefined): Promise<boolean> {
    const now = new Date(this.clock());
    const ocpi = toOcpiTariff(entry, this.party, now, now) ?? null;
    const previous = stored?.ocpi ?? null;
    const changed = !sameTariff(ocpi, previous);
    const revision = Math.max(entry.revision, stored?.revision ?? 0);
    if (!changed && stored && revision === stored.revision) return false;
    await new TariffRepository(manager).save({
      tariffId: entry.tariffId,
      revision,
      entry,
      ocpi: changed ? ocpi : previous,
      lastUpdated: changed || !stored ? now : stored.lastUpdated,
    });
    if (!changed) return false;
    const targets = await receiversOf(this.partners.within(manager), 'tariffs');
    await this.outbox.enqueue(this.pushes(targets, ocpiTariffId(entry.tariffId), ocpi), manager);
    return true;
  }

  private pushes(targets: readonly PushTarget[], id: string, tariff: OcpiTariff | null): PushRequest[] {
    const path = objectPath(this.party, id);
    return tariff
      ? pushesTo(targets, 'tariffs', { objectKey: `tariff:${id}`, method: 'PUT', path, body: tariff })
      : pushesTo(targets, 'tariffs', { objectKey: `tariff:${id}`, method: 'DELETE', path });
  }

  /**
   * Each placed station's connectors show the tariff a session there would get now; where that
   * changed, the EVSEs and the location take a new `last_updated` and the location is PUT again.
   * Resolves with how many locations changed.
   */
  private async refreshConnectors(manager: EntityManager): Promise<number> {
    const entries = (await new TariffRepository(manager).all()).map((t) => t.entry);
    const locations = new LocationRepository(manager);
    const same = (a: readonly string[], b: readonly string[]) => JSON.stringify(a) === JSON.stringify(b);
    // A first look without locks; the locations that may change are locked and looked at again.
    const at = new Date(this.clock());
    const stale = new Set(
      (await locations.allStations())
        .filter((s) => !same(stationTariffIds(entries, s.stationId, at), s.tariffIds))
        .map((s) => s.locationId),
    );
    let changedLocations = 0;
    for (const locationId of stale) {
      if (!(await locations.lock(locationId))) continue;
      const now = new Date(this.clock());
      const changed: string[] = [];
      for (const station of await locations.stationsOf([locationId])) {
        const ids = stationTariffIds(entries, station.stationId, now);
        if (same(ids, station.tariffIds)) continue;
        await locations.setTariffIds(station.stationId, ids);
        changed.push(station.stationId);
      }
      if (changed.length === 0) continue;
      await new EvseRepository(manager).touch(changed, now);
      await locations.touch(locationId, now);
      await this.locations.repush(manager, locationId);
      changedLocations++;
    }
    return changedLocations;
  }
}
