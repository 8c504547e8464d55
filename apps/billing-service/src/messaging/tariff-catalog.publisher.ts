import type { Logger } from 'pino';
import { catalogEntryOf, type Tariff, type TariffAssignment } from '@voltlane/billing-domain';
import type { EventPublisher } from '@voltlane/messaging';
import type { BillingServiceConfig } from '../config/billing-service-config';
import { type TariffRepository } from '../persistence/tariff.repository';

/**
 * Publishes each tariff's versions and assignments on `billing.tariffs.v1` (key = tariff id)
 * after every change, and every tariff when the service starts (the seed migration and any
 * publish lost to an outage are covered that way). The session-service prices the station's
 * totalCost from these records (ADR 0016).
 */
export class TariffCatalogPublisher {
  private lastRevision = 0;

  constructor(
    private readonly tariffs: TariffRepository,
    private readonly publisher: EventPublisher,
    private readonly config: BillingServiceConfig,
    private readonly logger: Logger,
  ) {}

  /** Publishes one tariff's current state; a failure is logged (the next start republishes it). */
  async publish(tariffId: string): Promise<void> {
    try {
      const [versions, assignments] = await Promise.all([this.tariffs.versions(tariffId), this.tariffs.assignmentsOf(tariffId)]);
      await this.send(tariffId, versions, assignments);
    } catch (error) {
      this.logger.warn({ err: error, tariffId }, 'tariff not published on billing.tariffs.v1; it will be at the next start');
    }
  }

  /** Publishes every tariff (at start). */
  async publishAll(): Promise<number> {
    const [versions, assignments] = await Promise.all([this.tariffs.listTariffs(), this.tariffs.listAssignments()]);
    const ids = [...new Set(versions.map((t) => t.id))];
    for (const id of ids) {
      await this.send(
        id,
        versions.filter((t) => t.id === id),
        assignments.filter((a) => a.tariffId === id),
      );
    }
    return ids.length;
  }

  private send(tariffId: string, versions: Tariff[], assignments: TariffAssignment[]): Promise<void> {
    // Strictly growing within this process, so two changes in one millisecond keep their order.
    this.lastRevision = Math.max(Date.now(), this.lastRevision + 1);
    const entry = catalogEntryOf(tariffId, versions, assignments, this.lastRevision);
    return this.publisher.publish({ topic: this.config.topics.BillingTariffs, key: tariffId, value: JSON.stringify(entry) });
  }
}
