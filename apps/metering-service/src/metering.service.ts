import { defineService, type ServiceConfig, type ServiceHandle } from '@voltlane/service-kit';
import type { StationCommandClient } from '@voltlane/messaging';
import { MeterSampleRecorder } from './application/meter-sample-recorder';
import { MeterSamplesPages } from './application/meter-samples.page';
import { MeterSamplesQuery } from './application/meter-samples.query';
import { METERING_SERVICE, loadMeteringConfig } from './config/metering-config';
import { meteringHandlers } from './handlers/handlers';
import { BusSamplesPublisher } from './messaging/metering-samples.publisher';
import { SessionRefsConsumer } from './messaging/session-refs.consumer';
import { CreateMeterSamples1732400000000 } from './migrations/1732400000000-create-meter-samples';
import { CreateSessionRefs1764100000000 } from './migrations/1764100000000-create-session-refs';
import { meteringObservers } from './observers/observers';
import { MeterSampleEntity } from './persistence/meter-sample.entity';
import { TypeOrmMeterSampleStore } from './persistence/meter-sample.repository';

/** What the metering-service offers besides the RunningService contract. */
export interface MeteringSurface {
  /** Read side: stored samples and energy per transaction. */
  readonly samples: MeterSamplesQuery;
  /** Paged sample lists and session → transaction resolution (operator API). */
  readonly pages: MeterSamplesPages;
  /** The command client of the ports the service was started with. */
  readonly commands: StationCommandClient;
}

/**
 * The metering-service: stores MeterValues (and transaction meter readings) from `ocpp.inbound.v1`,
 * publishes them on `metering.samples.v1`, and keeps sessionId → transaction from `sessions.lifecycle.v1`.
 */
export const meteringService = defineService({
  name: METERING_SERVICE,
  defaultSchema: 'metering',
  loadConfig: loadMeteringConfig,
  service: (config) => config,
  entities: [MeterSampleEntity],
  migrations: [CreateMeterSamples1732400000000, CreateSessionRefs1764100000000],
  compose: ({ config, dataSource, ports, logger }) => {
    const store = new TypeOrmMeterSampleStore(dataSource);
    const recorder = new MeterSampleRecorder(store, new BusSamplesPublisher(ports.publisher, config.topics.MeteringSamples), logger);
    const sessionRefs = new SessionRefsConsumer(
      ports,
      dataSource,
      { groupId: `${config.groupId}.sessions`, topic: config.topics.SessionLifecycle },
      logger,
    );
    return {
      inbound: { handlers: meteringHandlers(recorder), observers: meteringObservers(recorder) },
      runs: [sessionRefs],
      // Runs after the dispatcher stopped: the transaction marks still buffered are written.
      release: () => recorder.flushMarks(),
      surface: {
        samples: new MeterSamplesQuery(store),
        pages: new MeterSamplesPages(dataSource),
        commands: ports.commands,
      } satisfies MeteringSurface,
    };
  },
});

export type MeteringServiceHandle = ServiceHandle<ServiceConfig, MeteringSurface>;
