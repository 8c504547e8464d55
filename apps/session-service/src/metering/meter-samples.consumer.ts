import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseMeteringSamplesEvent } from '@voltlane/contracts';
import type { BusMessage, Subscription } from '@voltlane/messaging';
import { READ_MODEL_BATCH_WINDOW_MS, consume, type ServicePorts } from '@voltlane/service-kit';
import { Ocpp16MeterValuesService } from '../application/ocpp16-meter-values.service';
import { LOGGER, SERVICE_PORTS, SESSION_CONFIG } from '../config/injection-tokens';
import type { SessionServiceConfig } from '../config/session-config';

/**
 * The session-service's own consumer group on `metering.samples.v1` (from the beginning): 1.6
 * MeterValues of running transactions update the session's energy so far. Each record is
 * validated; one that breaks the contract is parked as a dead letter.
 */
@Injectable()
export class MeterSamplesConsumer {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(SERVICE_PORTS) private readonly ports: ServicePorts,
    @Inject(SESSION_CONFIG) private readonly config: SessionServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Ocpp16MeterValuesService) private readonly meterValues: Ocpp16MeterValuesService,
  ) {}

  async start(): Promise<void> {
    this.subscription = await consume(
      {
        subscriber: this.ports.subscriber,
        groupId: this.config.meterSamplesGroupId,
        topics: [this.config.topics.MeteringSamples],
        stage: 'meter-samples',
        deadLetters: this.ports.deadLetters,
        logger: this.logger,
        batchWindowMs: READ_MODEL_BATCH_WINDOW_MS,
      },
      (message) => this.consume(message),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  async consume(message: BusMessage): Promise<void> {
    await this.meterValues.apply(parseMeteringSamplesEvent(JSON.parse(message.value)));
  }
}
