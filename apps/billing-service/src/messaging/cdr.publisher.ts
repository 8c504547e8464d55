import type { EventPublisher } from '@voltlane/messaging';
import type { BillingServiceConfig } from '../config/billing-service-config';
import type { StoredCdr } from '../persistence/cdr.repository';

/** Publishes stored CDRs to `billing.cdrs.v1`, key = station id; the value is the stored text as is. */
export class CdrPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly config: BillingServiceConfig,
  ) {}

  publish(cdr: StoredCdr): Promise<void> {
    return this.publisher.publish({
      topic: this.config.topics.BillingCdrs,
      key: cdr.stationId,
      value: cdr.payload,
      headers: { 'cdr-id': cdr.cdrId },
    });
  }
}
