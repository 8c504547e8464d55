import type { Logger } from 'pino';
import { parseBillingCdr } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { RoamingFilter } from '../application/sessions/roaming-filter';
import type { RoamingCdrs } from '../application/sessions/roaming-cdrs';
import type { OcpiServiceConfig } from '../config/ocpi-service-config';

/**
 * The sessions part's group on `billing.cdrs.v1` (from the beginning): the CDR of a roaming
 * session becomes an OCPI CDR for its eMSP, once per CDR id (re-publications change nothing). A
 * record that breaks the contract is parked as a dead letter.
 */
export class BillingCdrsConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly filter: RoamingFilter,
    private readonly cdrs: RoamingCdrs,
    config: Pick<OcpiServiceConfig, 'groupId' | 'topics'>,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: `${config.groupId}.cdrs`,
      topics: [config.topics.BillingCdrs],
      stage: 'roaming-cdrs',
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    const cdr = parseBillingCdr(JSON.parse(message.value));
    // The CDR of a local session: dropped without a transaction (mostly one statement, or none).
    if (!(await this.filter.concerns({ sessionId: cdr.sessionId, idTokenKey: cdr.idTokenKey, final: true }))) return;
    await this.cdrs.apply(cdr);
  }
}
