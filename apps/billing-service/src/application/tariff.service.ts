import { randomUUID } from 'node:crypto';
import {
  BillingError,
  BillingErrorCode,
  selectTariff,
  validateTariff,
  type RoundingMode,
  type SelectedTariff,
  type Tariff,
  type TariffAssignment,
  type TariffScope,
  type TariffSelectionContext,
  type TimeBand,
} from '@voltlane/billing-domain';
import { type TariffRepository } from '../persistence/tariff.repository';
import { type TariffCatalogPublisher } from '../messaging/tariff-catalog.publisher';

/** What an operator gives for a new tariff; prices are net decimal strings, absent = 0. */
export interface TariffInput {
  name: string;
  currency: string;
  timeZone: string;
  energyPerKwh?: string;
  chargingPerMinute?: string;
  idlePerMinute?: string;
  idleGraceMinutes?: number;
  sessionFee?: string;
  bands?: TimeBand[];
  taxRatePercent: string;
  rounding?: RoundingMode;
  /** Default: now. */
  validFrom?: Date;
  validTo?: Date | null;
}

export interface AssignmentInput {
  tariffId: string;
  scope: TariffScope;
  /** Default: now. */
  validFrom?: Date;
  validTo?: Date | null;
}

/** Tariffs and their assignments (the operator API will call this; today tests and seeds do). */
export class TariffService {
  constructor(
    private readonly tariffs: TariffRepository,
    private readonly catalog: TariffCatalogPublisher,
  ) {}

  async createTariff(input: TariffInput): Promise<Tariff> {
    const tariff = validateTariff(toTariff(randomUUID(), 1, input));
    await this.tariffs.insertTariff(tariff);
    await this.catalog.publish(tariff.id);
    return tariff;
  }

  /** A new version of a tariff: the latest version with `changes` applied. Older versions stay as they were. */
  async addVersion(tariffId: string, changes: Partial<TariffInput>): Promise<Tariff> {
    const latest = await this.tariffs.latestVersion(tariffId);
    if (!latest) throw new BillingError(BillingErrorCode.UnknownTariff, `no tariff ${tariffId}`, { tariffId });
    const tariff = validateTariff(toTariff(tariffId, latest.version + 1, { ...latest, validFrom: undefined, validTo: null, ...changes }));
    await this.tariffs.insertTariff(tariff);
    await this.catalog.publish(tariffId);
    return tariff;
  }

  async assign(input: AssignmentInput): Promise<TariffAssignment> {
    if (!(await this.tariffs.latestVersion(input.tariffId))) {
      throw new BillingError(BillingErrorCode.UnknownTariff, `no tariff ${input.tariffId}`, { tariffId: input.tariffId });
    }
    const assignment: TariffAssignment = {
      id: randomUUID(),
      tariffId: input.tariffId,
      scope: input.scope,
      validFrom: input.validFrom ?? new Date(),
      validTo: input.validTo ?? null,
    };
    if (assignment.validTo && assignment.validTo <= assignment.validFrom) {
      throw new BillingError(BillingErrorCode.InvalidTariff, 'an assignment must end after it starts');
    }
    await this.tariffs.insertAssignment(assignment);
    await this.catalog.publish(assignment.tariffId);
    return assignment;
  }

  /** The tariff for a session: customer group > station > default, by validity at the session start. */
  async tariffFor(context: TariffSelectionContext): Promise<SelectedTariff> {
    const { assignments, tariffs } = await this.tariffs.candidates(context.at, context.stationId, context.customerGroup);
    return selectTariff(assignments, tariffs, context);
  }

  /** The latest version of a tariff; UnknownTariff when there is none. */
  async getTariff(tariffId: string): Promise<Tariff> {
    const latest = await this.tariffs.latestVersion(tariffId);
    if (!latest) throw new BillingError(BillingErrorCode.UnknownTariff, `no tariff ${tariffId}`, { tariffId });
    return latest;
  }

  async versionsOf(tariffId: string): Promise<Tariff[]> {
    const versions = await this.tariffs.versions(tariffId);
    if (versions.length === 0) throw new BillingError(BillingErrorCode.UnknownTariff, `no tariff ${tariffId}`, { tariffId });
    return versions;
  }

  /** A page of tariffs, each as its latest version. */
  pageOfTariffs(filter: { nameContains?: string }, page: { limit: number; offset: number }): Promise<{ items: Tariff[]; total: number }> {
    return this.tariffs.listLatest(filter, page);
  }

  async assignmentsOf(tariffId: string): Promise<TariffAssignment[]> {
    await this.getTariff(tariffId);
    return this.tariffs.assignmentsOf(tariffId);
  }

  /** Ends one assignment of the tariff now (a future one is removed). */
  async endAssignment(tariffId: string, assignmentId: string, now: Date = new Date()): Promise<void> {
    const assignment = await this.tariffs.findAssignment(assignmentId);
    if (!assignment || assignment.tariffId !== tariffId) {
      throw new BillingError(BillingErrorCode.UnknownTariff, `tariff ${tariffId} has no assignment ${assignmentId}`, {
        tariffId,
        assignmentId,
      });
    }
    if (assignment.scope.kind === 'default') await this.keepADefault(tariffId, now);
    await this.tariffs.endAssignment(assignmentId, now);
    await this.catalog.publish(tariffId);
  }

  /**
   * Retires a tariff: every assignment of it ends now, so no new session gets it (versions stay,
   * CDRs name them). Refused (NoApplicableTariff) when it holds the only default in force.
   */
  async retire(tariffId: string, now: Date = new Date()): Promise<void> {
    const assignments = await this.assignmentsOf(tariffId);
    const open = assignments.filter((a) => a.validTo === null || a.validTo > now);
    if (open.some((a) => a.scope.kind === 'default')) await this.keepADefault(tariffId, now);
    for (const assignment of open) await this.tariffs.endAssignment(assignment.id, now);
    await this.catalog.publish(tariffId);
  }

  private async keepADefault(tariffId: string, now: Date): Promise<void> {
    if ((await this.tariffs.countOtherDefaults(tariffId, now)) === 0) {
      throw new BillingError(
        BillingErrorCode.NoApplicableTariff,
        `tariff ${tariffId} holds the only default assignment in force; assign another default first`,
        { tariffId },
      );
    }
  }

  listTariffs(): Promise<Tariff[]> {
    return this.tariffs.listTariffs();
  }

  listAssignments(): Promise<TariffAssignment[]> {
    return this.tariffs.listAssignments();
  }
}

function toTariff(id: string, version: number, input: TariffInput): Tariff {
  return {
    id,
    version,
    name: input.name,
    currency: input.currency,
    timeZone: input.timeZone,
    energyPerKwh: input.energyPerKwh ?? '0',
    chargingPerMinute: input.chargingPerMinute ?? '0',
    idlePerMinute: input.idlePerMinute ?? '0',
    idleGraceMinutes: input.idleGraceMinutes ?? 0,
    sessionFee: input.sessionFee ?? '0',
    bands: input.bands ?? [],
    taxRatePercent: input.taxRatePercent,
    rounding: input.rounding ?? 'HALF_UP',
    validFrom: input.validFrom ?? new Date(),
    validTo: input.validTo ?? null,
  };
}
