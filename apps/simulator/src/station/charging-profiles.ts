import { PHASE_VOLTAGE, powerCapW, type ChargeLimit, type VehicleProfile } from './meter';

export type ProfilePurpose = 'StationMax' | 'TxDefault' | 'Tx' | 'External' | 'Other';

export interface StoredPeriod {
  startPeriod: number;
  limit?: number;
  numberPhases?: number;
  /** 2.x: the phase a 1-phase period uses (accepted and kept; the simulator's 1-phase vehicles draw on L1). */
  phaseToUse?: number;
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
/**
 * The purposes whose limits combine (the minimum of them): a TxProfile of the running transaction
 * overrules the TxDefaultProfile (OCPP 1.6 §3.13.2, 2.0.1 K01), so the two count as one.
 */
const LIMITING_PURPOSES: readonly (ProfilePurpose | 'TxOrDefault')[] = ['StationMax', 'TxOrDefault', 'External'];

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

  /**
   * The limit at `at` for `connectorId`: per purpose the highest stack level with an active period
   * (the transaction's TxProfile instead of the TxDefaultProfile when it has one), then the minimum over purposes of the current per phase (profiles in A), of the power (profiles
   * in W) and of the phases (numberPhases). Empty when no profile applies.
   */
  limit(connectorId: number, at: number, tx: TxContext | undefined): ChargeLimit {
    const limit: ChargeLimit = {};
    for (const purpose of LIMITING_PURPOSES) {
      const found =
        purpose === 'TxOrDefault'
          ? (this.purposePeriod('Tx', connectorId, at, tx) ?? this.purposePeriod('TxDefault', connectorId, at, tx))
          : this.purposePeriod(purpose, connectorId, at, tx);
      if (!found) continue;
      const { unit, period } = found;
      const value = period.limit as number;
      if (unit === 'A') limit.currentA = Math.min(limit.currentA ?? Infinity, value);
      else limit.powerW = Math.min(limit.powerW ?? Infinity, value);
      if (period.numberPhases !== undefined) limit.numberPhases = Math.min(limit.numberPhases ?? Infinity, period.numberPhases);
    }
    return limit;
  }

  /**
   * The most power in W a vehicle may draw at `at` on `connectorId` (Infinity when no profile
   * applies): see `powerCapW`. By default a 3-phase vehicle without a current maximum of its own.
   */
  limitW(
    connectorId: number,
    at: number,
    tx: TxContext | undefined,
    vehicle: Pick<VehicleProfile, 'phases' | 'maxCurrentA'> = { phases: DEFAULT_PHASES, maxCurrentA: Infinity },
  ): number {
    return powerCapW(vehicle, this.limit(connectorId, at, tx));
  }

  /**
   * The instants (epoch ms) strictly between `from` and `to` at which a profile's limit may change:
   * period starts, schedule ends, validity bounds (recurring schedules in every cycle).
   */
  changesBetween(from: number, to: number, tx: TxContext | undefined): number[] {
    const points = new Set<number>();
    const add = (at: number) => {
      if (at > from && at < to) points.add(at);
    };
    for (const profile of this.profiles) {
      if (profile.validFrom !== undefined) add(profile.validFrom);
      if (profile.validTo !== undefined) add(profile.validTo);
      const first = scheduleStart(profile, from, tx);
      if (first === undefined) continue;
      const cycle = profile.kind === 'Recurring' ? (profile.recurrency === 'Weekly' ? 7 : 1) * 86_400_000 : Infinity;
      for (let start = first; start < to; start += cycle) {
        add(start);
        for (const period of profile.periods) add(start + period.startPeriod * 1000);
        if (profile.durationS !== undefined) add(start + profile.durationS * 1000);
      }
    }
    return [...points].sort((a, b) => a - b);
  }

  /**
   * The composite schedule from `from` for `durationS`: the limit at every point where any
   * profile's period changes, merged where equal. In A the limit is per phase (a limit in W is
   * divided over the period's phases, 3 unless numberPhases says fewer); in W an A limit counts
   * on those phases. `fallbackW` (the connector's or station's rating, 3-phase) where nothing
   * applies. numberPhases is given where a profile restricts the phases.
   */
  composite(
    connectorId: number,
    from: number,
    durationS: number,
    unit: 'A' | 'W',
    fallbackW: number,
    tx: TxContext | undefined,
  ): { startPeriod: number; limit: number; numberPhases?: number }[] {
    const offsets = new Set<number>([0]);
    for (const at of this.changesBetween(from, from + durationS * 1000, tx)) {
      const offset = Math.round((at - from) / 1000);
      if (offset > 0 && offset < durationS) offsets.add(offset);
    }
    const periods: { startPeriod: number; limit: number; numberPhases?: number }[] = [];
    for (const offset of [...offsets].sort((a, b) => a - b)) {
      const limit = this.limit(connectorId, from + offset * 1000, tx);
      const phases = Math.max(1, Math.min(DEFAULT_PHASES, limit.numberPhases ?? DEFAULT_PHASES));
      const value =
        unit === 'W'
          ? Math.min(fallbackW, limit.powerW ?? Infinity, (limit.currentA ?? Infinity) * PHASE_VOLTAGE * phases)
          : Math.min(
              fallbackW / (PHASE_VOLTAGE * DEFAULT_PHASES),
              limit.currentA ?? Infinity,
              (limit.powerW ?? Infinity) / (PHASE_VOLTAGE * phases),
            );
      const period = { startPeriod: offset, limit: roundOne(value), ...(limit.numberPhases !== undefined ? { numberPhases: phases } : {}) };
      const last = periods.at(-1);
      if (!last || last.limit !== period.limit || last.numberPhases !== period.numberPhases) periods.push(period);
    }
    return periods;
  }

  /** The active period (with a limit) of the highest-stack-level profile of `purpose` that applies. */
  private purposePeriod(
    purpose: ProfilePurpose,
    connectorId: number,
    at: number,
    tx: TxContext | undefined,
  ): { unit: 'A' | 'W'; period: StoredPeriod } | undefined {
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
      if (period?.limit !== undefined) return { unit: profile.unit, period };
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
