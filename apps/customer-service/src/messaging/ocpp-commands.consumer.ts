import type { Logger } from 'pino';
import { commandOwner, parseOcppCommandEvent } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber, Subscription } from '@voltlane/messaging';
import { consume, type DeadLetterSink } from '@voltlane/service-kit';
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
    private readonly options: { groupId: string; topic: string; deadLetters: DeadLetterSink },
  ) {}

  async start(): Promise<void> {
    const { groupId, topic, deadLetters } = this.options;
    this.subscription = await consume({ subscriber: this.subscriber, groupId, topics: [topic], stage: 'ocpp-commands', deadLetters, logger: this.logger }, (message) => this.handle(message));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Parses and applies one record; a record that breaks the contract throws (the failure policy parks it). */
  async handle(message: BusMessage): Promise<void> {
    const event = parseOcppCommandEvent(JSON.parse(message.value));
    if (commandOwner(event.result.request.action) !== 'customer-service') return;
    await this.localLists.apply(event.result, new Date(event.answeredAt));
  }
}
