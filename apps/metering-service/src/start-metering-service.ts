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
import { MeterSamplesQuery } from './application/meter-samples.query';
import { METERING_SERVICE, loadMeteringConfig } from './config/metering-config';
import { MeteringModule } from './metering.module';
import { CreateMeterSamples1732400000000 } from './migrations/1732400000000-create-meter-samples';
import { MeterSampleEntity } from './persistence/meter-sample.entity';
import { PinoNestLogger } from './pino-nest-logger';

export interface MeteringServiceHandle extends RunningService {
  /** Read side: stored samples and energy per transaction. */
  readonly samples: MeterSamplesQuery;
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
      schema: config.database.schema,
      entities: [MeterSampleEntity],
      migrations: [CreateMeterSamples1732400000000],
    });
    app = await NestFactory.createApplicationContext(MeteringModule.register({ config, dataSource, ports, logger }), {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    });
    const dispatcher = app.get(InboundDispatcher);
    await dispatcher.start();
    logger.info({ groupId: config.groupId, schema: config.database.schema }, 'metering-service started');
    const [openApp, openDataSource] = [app, dataSource];
    return {
      name: METERING_SERVICE,
      dataSource: openDataSource,
      dispatcher,
      samples: app.get(MeterSamplesQuery),
      close: async () => {
        await dispatcher.stop();
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
