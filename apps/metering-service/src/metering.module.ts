import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { InboundDispatcher, type ServiceConfig, type ServicePorts } from '@voltlane/service-kit';
import { MeterSampleRecorder } from './application/meter-sample-recorder';
import { MeterSamplesQuery } from './application/meter-samples.query';
import { meteringHandlers } from './handlers/handlers';
import { BusSamplesPublisher, type SamplesPublisher } from './messaging/metering-samples.publisher';
import { meteringObservers } from './observers/observers';
import { TypeOrmMeterSampleStore, type MeterSampleStore } from './persistence/meter-sample.repository';

export interface MeteringModuleDeps {
  config: ServiceConfig;
  dataSource: DataSource;
  ports: ServicePorts;
  logger: Logger;
}

const SAMPLE_STORE = Symbol('MeterSampleStore');
const SAMPLES_PUBLISHER = Symbol('SamplesPublisher');

/** Wires the framework-free metering classes; no rule lives here. */
@Module({})
export class MeteringModule {
  static register(deps: MeteringModuleDeps): DynamicModule {
    return {
      module: MeteringModule,
      providers: [
        { provide: SAMPLE_STORE, useValue: new TypeOrmMeterSampleStore(deps.dataSource) },
        { provide: SAMPLES_PUBLISHER, useValue: new BusSamplesPublisher(deps.ports.publisher, deps.config.topics.MeteringSamples) },
        {
          provide: MeterSampleRecorder,
          useFactory: (store: MeterSampleStore, publisher: SamplesPublisher) => new MeterSampleRecorder(store, publisher, deps.logger),
          inject: [SAMPLE_STORE, SAMPLES_PUBLISHER],
        },
        {
          provide: MeterSamplesQuery,
          useFactory: (store: MeterSampleStore) => new MeterSamplesQuery(store),
          inject: [SAMPLE_STORE],
        },
        {
          provide: InboundDispatcher,
          useFactory: (recorder: MeterSampleRecorder) =>
            new InboundDispatcher(deps.ports.subscriber, deps.ports.replyChannel, meteringHandlers(recorder), meteringObservers(recorder), deps.logger, {
              groupId: deps.config.groupId,
              topic: deps.config.topics.OcppInbound,
              deadLetters: deps.ports.deadLetters,
            }),
          inject: [MeterSampleRecorder],
        },
      ],
      exports: [MeterSamplesQuery, InboundDispatcher],
    };
  }
}
