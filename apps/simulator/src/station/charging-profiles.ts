import { ampsToWatts } from './meter';

export type ProfilePurpose = 'StationMax' | 'TxDefault' | 'Tx' | 'External' | 'Other';

export interface StoredPeriod {
  startPeriod: number;
  limit?: number;
  numberPhases?: number;
}

/** A charging profile in protocol-neutral form (times in epoch ms), plus the payload it came in. */
export interface StoredProfile {
  id: number;
  stackLevel: number;
  purpose: ProfilePurpose;
  /** 0 = the whole station. */
  connectorId: number;
  transactionId?: string | number;
  kind: 'Absolute' | 'Recurring' | 'Relative';
  recurrency?: 'Daily' | 'Weekly';
  validFrom?: number;
  validTo?: number;
  startSchedule?: number;
  durationS?: number;
  unit: 'A' | 'W';
  periods: StoredPeriod[];
  installedAt: number;
  raw: Record<string, unknown>;
}

/** The optional fields 1.6 and 2.x profiles (and their schedules) share, in neutral form: times parsed, only the ones given. */
export function optionalProfileFields(
  profile: { transactionId?: string | number; recurrencyKind?: 'Daily' | 'Weekly'; validFrom?: string; validTo?: string },
  schedule: { startSchedule?: string; duration?: number },
): Pick<StoredProfile, 'transactionId' | 'recurrency' | 'validFrom' | 'validTo' | 'startSchedule' | 'durationS'> {
  return {
    ...(profile.transactionId !== undefined ? { transactionId: profile.transactionId } : {}),
    ...(profile.recurrencyKind ? { recurrency: profile.recurrencyKind } : {}),
    ...(profile.validFrom ? { validFrom: Date.parse(profile.validFrom) } : {}),
    ...(profile.validTo ? { validTo: Date.parse(profile.validTo) } : {}),
    ...(schedule.startSchedule ? { startSchedule: Date.parse(schedule.startSchedule) } : {}),
    ...(schedule.duration !== undefined ? { durationS: schedule.duration } : {}),
  };
}

export interface ProfileFilter {
  id?: number;
  connectorId?: number;
  purpose?: ProfilePurpose;
  stackLevel?: number;
}

export interface TxContext {
  startedAt: number;
  transactionId: string | number;
}

const DEFAULT_PHASES = 3;
const LIMITING_PURPOSES: readonly ProfilePurpose[] = ['StationMax', 'TxDefault', 'Tx', 'External'];

/** The station's installed charging profiles and the limit they impose (minimum over purposes). */
export class ChargingProfileStore {
  private profiles: StoredProfile[] = [];

  /** Installs `profile`, replacing one with the same id or the same purpose + stack level + connector. */
  install(profile: StoredProfile): void {
    this.profiles = this.profiles.filter(
      (p) =>
        p.id !== profile.id &&
        !(p.purpose === profile.purpose && p.stackLevel === profile.stackLevel && p.connectorId === profile.connectorId),
    );
    this.profiles.push(profile);
  }

  /** Removes the profiles matching every given criterion; returns how many went. */
  clear(filter: ProfileFilter): number {
    const before = this.profiles.length;
    this.profiles = this.profiles.filter((p) => !matches(p, filter));
    return before - this.profiles.length;
  }

  /** Drops the TxProfiles of a finished transaction. */
  endTransaction(connectorId: number): void {
    this.profiles = this.profiles.filter((p) => !(p.purpose === 'Tx' && p.connectorId === connectorId));
  }

  list(filter: ProfileFilter = {}): StoredProfile[] {
    return this.profiles.filter((p) => matches(p, filter));
  }

  get size(): number {
    return this.profiles.length;
  }

  /** The power limit in W at `at` for `connectorId` (Infinity when no profile applies). */
  limitW(connectorId: number, at: number, tx: TxContext | undefined): number {
    let limit = Infinity;
    for (const purpose of LIMITING_PURPOSES) {
      const value = this.purposeLimitW(purpose, connectorId, at, tx);
      if (value !== undefined && value < limit) limit = value;
    }
    return limit;
  }

  /**
   * The composite schedule from `from` for `durationS`: the limit at every point where any
   * profile's period changes, merged where equal. Limits in `unit`; `fallbackW` where nothing applies.
   */
  composite(
    connectorId: number,
    from: number,
    durationS: number,
    unit: 'A' | 'W',
    fallbackW: number,
    tx: TxContext | undefined,
  ): { startPeriod: number; limit: number }[] {
    const offsets = new Set<number>([0]);
    for (const profile of this.profiles) {
      const start = scheduleStart(profile, from, tx);
      if (start === undefined) continue;
      for (const period of profile.periods) {
        const offset = Math.round((start - from) / 1000) + period.startPeriod;
        if (offset > 0 && offset < durationS) offsets.add(offset);
      }
      if (profile.durationS !== undefined) {
        const end = Math.round((start - from) / 1000) + profile.durationS;
        if (end > 0 && end < durationS) offsets.add(end);
      }
    }
    const periods: { startPeriod: number; limit: number }[] = [];
    for (const offset of [...offsets].sort((a, b) => a - b)) {
      const watts = Math.min(fallbackW, this.limitW(connectorId, from + offset * 1000, tx));
      const limit = roundOne(unit === 'W' ? watts : watts / ampsToWatts(1, DEFAULT_PHASES));
      if (periods.length === 0 || periods[periods.length - 1].limit !== limit) periods.push({ startPeriod: offset, limit });
    }
    return periods;
  }

  private purposeLimitW(purpose: ProfilePurpose, connectorId: number, at: number, tx: TxContext | undefined): number | undefined {
    let candidates = this.profiles.filter((p) => p.purpose === purpose && isValidAt(p, at));
    if (purpose === 'Tx') {
      if (!tx) return undefined;
      candidates = candidates.filter(
        (p) => p.connectorId === connectorId && (p.transactionId === undefined || String(p.transactionId) === String(tx.transactionId)),
      );
    } else if (purpose === 'TxDefault') {
      // A connector-specific TxDefaultProfile replaces the station-wide one.
      const specific = candidates.filter((p) => p.connectorId === connectorId);
      candidates = specific.length > 0 ? specific : candidates.filter((p) => p.connectorId === 0);
    } else {
      candidates = candidates.filter((p) => p.connectorId === 0 || p.connectorId === connectorId);
    }
    candidates.sort((a, b) => b.stackLevel - a.stackLevel);
    for (const profile of candidates) {
      const period = activePeriod(profile, at, tx);
      if (period?.limit !== undefined) {
        return profile.unit === 'W' ? period.limit : ampsToWatts(period.limit, period.numberPhases ?? DEFAULT_PHASES);
      }
    }
    return undefined;
  }
}

function matches(p: StoredProfile, f: ProfileFilter): boolean {
  return (
    (f.id === undefined || p.id === f.id) &&
    (f.connectorId === undefined || p.connectorId === f.connectorId) &&
    (f.purpose === undefined || p.purpose === f.purpose) &&
    (f.stackLevel === undefined || p.stackLevel === f.stackLevel)
  );
}

function isValidAt(p: StoredProfile, at: number): boolean {
  return (p.validFrom === undefined || p.validFrom <= at) && (p.validTo === undefined || at < p.validTo);
}

function scheduleStart(p: StoredProfile, at: number, tx: TxContext | undefined): number | undefined {
  switch (p.kind) {
    case 'Relative':
      return tx?.startedAt ?? at;
    case 'Absolute':
      return p.startSchedule ?? p.validFrom ?? p.installedAt;
    case 'Recurring': {
      const anchor = p.startSchedule ?? p.installedAt;
      const cycle = (p.recurrency === 'Weekly' ? 7 : 1) * 86_400_000;
      if (at < anchor) return anchor;
      return anchor + Math.floor((at - anchor) / cycle) * cycle;
    }
  }
}

function activePeriod(p: StoredProfile, at: number, tx: TxContext | undefined): StoredPeriod | undefined {
  const start = scheduleStart(p, at, tx);
  if (start === undefined || at < start) return undefined;
  const elapsedS = (at - start) / 1000;
  if (p.durationS !== undefined && elapsedS >= p.durationS) return undefined;
  let current: StoredPeriod | undefined;
  for (const period of p.periods) {
    if (period.startPeriod <= elapsedS) current = period;
    else break;
  }
  return current;
}

function roundOne(value: number): number {
  return Math.round(value * 10) / 10;
}
