import type { Logger } from 'pino';
import { ContractViolation, commandOwner, parseOcppCommandEvent, type OcppCommandEvent } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber, Subscription } from '@voltlane/messaging';
import type { LocalListService } from '../domain/local-list.service';

/**
 * Applies the results of customer-owned commands (SendLocalList, GetLocalListVersion, ClearCache)
 * from `ocpp.commands.v1`, whichever service or endpoint sent them. Idempotent per correlation id.
 */
export class OcppCommandsConsumer {
  private subscription: Subscription | undefined;

  constructor(
    private readonly subscriber: EventSubscriber,
    private readonly localLists: LocalListService,
    private readonly logger: Logger,
    private readonly options: { groupId: string; topic: string },
  ) {}

  async start(): Promise<void> {
    this.subscription = await this.subscriber.subscribe(
      { groupId: this.options.groupId, topics: [this.options.topic], fromBeginning: true },
      (message) => this.handle(message),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  async handle(message: BusMessage): Promise<void> {
    let event: OcppCommandEvent;
    try {
      event = parseOcppCommandEvent(JSON.parse(message.value));
    } catch (error) {
      if (!(error instanceof ContractViolation) && !(error instanceof SyntaxError)) throw error;
      this.logger.error({ err: error, topic: message.topic, offset: message.offset }, 'invalid ocpp command record skipped');
      return;
    }
    if (commandOwner(event.result.request.action) !== 'customer-service') return;
    await this.localLists.apply(event.result, new Date(event.answeredAt));
  }
}
