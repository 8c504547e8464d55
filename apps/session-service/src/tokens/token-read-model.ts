import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ContractViolation, parseCustomerTokenSnapshot, type CustomerTokenSnapshot } from '@voltlane/contracts';
import type { BusMessage, Subscription } from '@voltlane/messaging';
import type { ServicePorts } from '@voltlane/service-kit';
import { DATA_SOURCE, LOGGER, SERVICE_PORTS, SESSION_CONFIG } from '../config/injection-tokens';
import type { SessionServiceConfig } from '../config/session-config';
import { TokenRepository } from '../persistence/token.repository';

/**
 * Keeps the token read model from `customers.tokens.v1`, read from the beginning in its own
 * consumer group. A record that breaks the contract is logged and skipped (it would never pass).
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
    this.subscription = await this.ports.subscriber.subscribe(
      { groupId: this.config.tokensGroupId, topics: [this.config.topics.CustomerTokens], fromBeginning: true },
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

  async consume(message: BusMessage): Promise<void> {
    let snapshot;
    try {
      snapshot = parseCustomerTokenSnapshot(JSON.parse(message.value));
    } catch (error) {
      if (error instanceof ContractViolation || error instanceof SyntaxError) {
        this.logger.error({ err: error, key: message.key, offset: message.offset }, 'invalid customers.tokens.v1 record skipped');
        return;
      }
      throw error;
    }
    await this.tokens.apply(snapshot);
  }
}
