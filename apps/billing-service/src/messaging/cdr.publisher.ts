import type { EventPublisher } from '@voltlane/messaging';
import type { BillingServiceConfig } from '../config/billing-service-config';
import type { StoredCdr } from '../persistence/cdr.repository';

/** Publishes stored CDRs to `billing.cdrs.v1`, key = station id; the value is the stored text as is. */
export class CdrPublisher {
  /** CDRs published by this process, re-publications of the same CDR included (metrics). */
  published = 0;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly config: BillingServiceConfig,
  ) {}

  async publish(cdr: StoredCdr): Promise<void> {
    await this.publisher.publish({
      topic: this.config.topics.BillingCdrs,
      key: cdr.stationId,
      value: cdr.payload,
      headers: { 'cdr-id': cdr.cdrId },
    });
    this.published++;
  }
}
