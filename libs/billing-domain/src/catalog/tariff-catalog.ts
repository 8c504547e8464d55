import type { TariffAssignmentSnapshot, TariffCatalogEntry, TariffVersionSnapshot } from '@voltlane/contracts';
import type { Tariff, TariffAssignment } from '../tariff/tariff';

/** The tariffs and assignments a catalog replica holds, as `selectTariff` takes them. */
export interface TariffCatalog {
  tariffs: Tariff[];
  assignments: TariffAssignment[];
}

/** One tariff's versions and assignments as a `billing.tariffs.v1` record (dates as ISO 8601). */
export function catalogEntryOf(
  tariffId: string,
  versions: readonly Tariff[],
  assignments: readonly TariffAssignment[],
  revision: number,
): TariffCatalogEntry {
  return {
    tariffId,
    revision,
    versions: versions.map(versionSnapshot),
    assignments: assignments.map((a): TariffAssignmentSnapshot => ({
      id: a.id,
      scope: a.scope,
      validFrom: a.validFrom.toISOString(),
      validTo: a.validTo?.toISOString() ?? null,
    })),
  };
}

/** The records of a catalog replica back as domain tariffs and assignments. */
export function catalogOf(entries: readonly TariffCatalogEntry[]): TariffCatalog {
  const tariffs: Tariff[] = [];
  const assignments: TariffAssignment[] = [];
  for (const entry of entries) {
    for (const v of entry.versions) tariffs.push(tariffOf(entry.tariffId, v));
    for (const a of entry.assignments) {
      assignments.push({
        id: a.id,
        tariffId: entry.tariffId,
        scope: a.scope,
        validFrom: new Date(a.validFrom),
        validTo: a.validTo === null ? null : new Date(a.validTo),
      });
    }
  }
  return { tariffs, assignments };
}

function versionSnapshot(t: Tariff): TariffVersionSnapshot {
  return {
    version: t.version,
    name: t.name,
    currency: t.currency,
    timeZone: t.timeZone,
    energyPerKwh: t.energyPerKwh,
    chargingPerMinute: t.chargingPerMinute,
    idlePerMinute: t.idlePerMinute,
    idleGraceMinutes: t.idleGraceMinutes,
    sessionFee: t.sessionFee,
    bands: t.bands.map((b) => ({ ...b })),
    taxRatePercent: t.taxRatePercent,
    rounding: t.rounding,
    validFrom: t.validFrom.toISOString(),
    validTo: t.validTo?.toISOString() ?? null,
  };
}

function tariffOf(id: string, v: TariffVersionSnapshot): Tariff {
  return {
    id,
    version: v.version,
    name: v.name,
    currency: v.currency,
    timeZone: v.timeZone,
    energyPerKwh: v.energyPerKwh,
    chargingPerMinute: v.chargingPerMinute,
    idlePerMinute: v.idlePerMinute,
    idleGraceMinutes: v.idleGraceMinutes,
    sessionFee: v.sessionFee,
    bands: v.bands.map((b) => ({ ...b })),
    taxRatePercent: v.taxRatePercent,
    rounding: v.rounding,
    validFrom: new Date(v.validFrom),
    validTo: v.validTo === null ? null : new Date(v.validTo),
  };
}
