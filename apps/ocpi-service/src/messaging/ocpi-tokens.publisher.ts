import { ocpiTokenContract, type OcpiTokenEvent } from '@voltlane/contracts';
import type { EventPublisher } from '@voltlane/messaging';
import type { OcpiServiceConfig } from '../config/ocpi-service-config';

/** Publishes each stored change of an eMSP token on `ocpi.tokens.v1`, key = uid upper-cased, checked against its contract first. */
export class OcpiTokensPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly config: Pick<OcpiServiceConfig, 'topics'>,
  ) {}

  async publish(event: OcpiTokenEvent): Promise<void> {
    const value = ocpiTokenContract.outgoing(event);
    await this.publisher.publish({ topic: this.config.topics.OcpiTokens, key: event.uid.toUpperCase(), value: JSON.stringify(value) });
  }
}
