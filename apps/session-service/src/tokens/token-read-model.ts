import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { parseCustomerTokenSnapshot, type CustomerTokenSnapshot } from '@voltlane/contracts';
import type { BusMessage, Subscription } from '@voltlane/messaging';
import { consume, type ServicePorts } from '@voltlane/service-kit';
import { DATA_SOURCE, LOGGER, SERVICE_PORTS, SESSION_CONFIG } from '../config/injection-tokens';
import type { SessionServiceConfig } from '../config/session-config';
import { TokenRepository } from '../persistence/token.repository';

/**
 * Keeps the token read model from `customers.tokens.v1`, read from the beginning in its own
 * consumer group. A record that breaks the contract is parked as a dead letter (it would never pass).
 */
@Injectable()
export class TokenReadModel {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(TokenRepository) private readonly tokens: TokenRepository,
    @Inject(SERVICE_PORTS) private readonly ports: ServicePorts,
    @Inject(SESSION_CONFIG) private readonly config: SessionServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  async start(): Promise<void> {
    this.subscription = await consume(
      {
        subscriber: this.ports.subscriber,
        groupId: this.config.tokensGroupId,
        topics: [this.config.topics.CustomerTokens],
        stage: 'token-read-model',
        deadLetters: this.ports.deadLetters,
        logger: this.logger,
      },
      (message) => this.consume(message),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** The live snapshot of a token key, or null (unknown or deleted). */
  find(key: string): Promise<CustomerTokenSnapshot | null> {
    return this.tokens.findByKey(this.dataSource.manager, key);
  }

  /** Parses and applies one record; a record that breaks the contract throws (the failure policy parks it). */
  async consume(message: BusMessage): Promise<void> {
    await this.tokens.apply(parseCustomerTokenSnapshot(JSON.parse(message.value)));
  }
}
