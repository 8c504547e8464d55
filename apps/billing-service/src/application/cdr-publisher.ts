import { Inject, Injectable } from '@nestjs/common';
import type { EventPublisher } from '@voltlane/messaging';
import { BILLING_CONFIG, EVENT_PUBLISHER } from '../billing.tokens';
import type { BillingServiceConfig } from '../config/billing-service-config';
import type { StoredCdr } from '../persistence/cdr.repository';

/** Publishes stored CDRs to `billing.cdrs.v1`, key = station id; the value is the stored text as is. */
@Injectable()
export class CdrPublisher {
  constructor(
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(BILLING_CONFIG) private readonly config: BillingServiceConfig,
  ) {}

  publish(cdr: StoredCdr): Promise<void> {
    return this.publisher.publish({ topic: this.config.topics.BillingCdrs, key: cdr.stationId, value: cdr.payload, headers: { 'cdr-id': cdr.cdrId } });
  }
}
