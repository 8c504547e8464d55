import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  InboundDispatcher,
  connectServicePorts,
  openServiceDatabase,
  type RunningService,
  type ServicePorts,
  type ServiceStartOptions,
} from '@voltlane/service-kit';
import type { StationCommandClient } from '@voltlane/messaging';
import { MeterSampleRecorder } from './application/meter-sample-recorder';
import { MeterSamplesPages } from './application/meter-samples.page';
import { MeterSamplesQuery } from './application/meter-samples.query';
import { SessionRefsConsumer } from './messaging/session-refs.consumer';
import { CreateSessionRefs1764100000000 } from './migrations/1764100000000-create-session-refs';
import { METERING_SERVICE, loadMeteringConfig } from './config/metering-config';
import { MeteringModule } from './metering.module';
import { CreateMeterSamples1732400000000 } from './migrations/1732400000000-create-meter-samples';
import { MeterSampleEntity } from './persistence/meter-sample.entity';
import { PinoNestLogger } from './pino-nest-logger';

export interface MeteringServiceHandle extends RunningService {
  /** Read side: stored samples and energy per transaction. */
  readonly samples: MeterSamplesQuery;
  /** Paged sample lists and session → transaction resolution (operator API). */
  readonly pages: MeterSamplesPages;
  /** sessionId → transaction mapping fed by sessions.lifecycle.v1 (`apply` applies one event). */
  readonly sessionRefs: SessionRefsConsumer;
  /** The command client of the ports the service was started with. */
  readonly commands: StationCommandClient;
}

/** Starts the metering-service: database (migrated), Nest context, `ocpp.inbound.v1` consumer. */
export async function startMeteringService(options: ServiceStartOptions): Promise<MeteringServiceHandle> {
  const config = loadMeteringConfig(options.env);
  const logger = options.logger;
  const ownPorts = options.ports === undefined;
  const ports: ServicePorts = options.ports ?? (await connectServicePorts(config, logger));
  let dataSource: DataSource | undefined;
  let app: INestApplicationContext | undefined;
  try {
    dataSource = await openServiceDatabase({
      url: config.database.url,
      poolSize: config.database.poolSize,
      schema: config.database.schema,
      entities: [MeterSampleEntity],
      migrations: [CreateMeterSamples1732400000000, CreateSessionRefs1764100000000],
    });
    app = await NestFactory.createApplicationContext(MeteringModule.register({ config, dataSource, ports, logger }), {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    });
    const dispatcher = app.get(InboundDispatcher);
    const sessionRefs = new SessionRefsConsumer(ports.subscriber, dataSource, { groupId: `${config.groupId}.sessions`, topic: config.topics.SessionLifecycle, deadLetters: ports.deadLetters }, logger);
    await sessionRefs.start();
    await dispatcher.start();
    logger.info({ groupId: config.groupId, schema: config.database.schema }, 'metering-service started');
    const [openApp, openDataSource, recorder] = [app, dataSource, app.get(MeterSampleRecorder)];
    return {
      name: METERING_SERVICE,
      dataSource: openDataSource,
      dispatcher,
      samples: app.get(MeterSamplesQuery),
      pages: new MeterSamplesPages(openDataSource),
      sessionRefs,
      commands: ports.commands,
      close: async () => {
        await dispatcher.stop();
        await sessionRefs.stop();
        await recorder.flushMarks();
        await openApp.close();
        await openDataSource.destroy();
        if (ownPorts) await ports.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
    if (ownPorts) await ports.close().catch(() => undefined);
    throw error;
  }
}
