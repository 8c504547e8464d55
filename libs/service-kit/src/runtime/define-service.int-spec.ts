import pino from 'pino';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { infraEnv, uniqueName } from '@voltlane/testing';
import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { defineService, type ServiceParts, type Startable } from './define-service';
import { createInProcessPorts, type InProcessPorts } from './in-process-ports';
import { topicMap, type ServiceConfig } from './service-config';

class CreateProbe1700000000000 implements MigrationInterface {
  name = 'CreateProbe1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE probe (id int PRIMARY KEY)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE probe');
  }
}

const logger = pino({ level: 'silent' });
const { databaseUrl } = infraEnv();

/** A service whose parts write down what happens to them, in order. */
function probeService(log: string[], overrides: { failIn?: string; inbound?: boolean; failConfig?: boolean; opened?: DataSource[] } = {}) {
  const schema = uniqueName('probe');
  const step = (name: string): Startable => ({
    start: () => {
      if (overrides.failIn === name) throw new Error(`${name} failed`);
      log.push(`start ${name}`);
    },
    stop: () => void log.push(`stop ${name}`),
  });
  return defineService({
    name: 'probe-service',
    defaultSchema: 'probe',
    loadConfig: (): ServiceConfig => {
      if (overrides.failConfig) throw new Error('Invalid configuration: PROBE_SERVICE_X must be an integer');
      log.push('config');
      return {
        serviceName: 'probe-service',
        instanceId: 'probe-1',
        groupId: uniqueName('probe'),
        database: { url: databaseUrl, schema, poolSize: 2 },
        topics: topicMap(`.${uniqueName('t')}`),
        deadLetters: { schema: 'ops' },
        infra: {
          kafka: { brokers: [], clientId: 'probe', createTopics: false, topicPartitions: 1, security: {} },
          redis: { url: '' },
          database: { url: databaseUrl },
        },
      };
    },
    service: (config) => config,
    entities: [],
    migrations: [CreateProbe1700000000000],
    compose: async ({ dataSource }): Promise<ServiceParts<{ probeRows: () => Promise<number> }>> => {
      overrides.opened?.push(dataSource);
      const [{ n }] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM probe');
      log.push(`compose (probe table has ${n} rows)`);
      if (overrides.failIn === 'compose') throw new Error('compose failed');
      return {
        ...(overrides.inbound ? { inbound: { handlers: [] } } : {}),
        prepare: async () => void log.push('prepare'),
        runs: [step('consumer-a'), step('consumer-b')],
        release: () => void log.push('release'),
        surface: { probeRows: async () => (await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM probe'))[0].n },
      };
    },
  });
}

describe('defineService (PostgreSQL, in-process ports)', () => {
  let ports: InProcessPorts;

  beforeAll(async () => {
    ports = await createInProcessPorts(logger, (bus) => DeadLetterStore.open(databaseUrl, bus, uniqueName('ops')));
  });
  afterAll(async () => {
    await ports.close();
  });

  it('starts in one order (config, database migrated, compose, prepare, runners) and closes in reverse, once', async () => {
    const log: string[] = [];
    const service = await probeService(log).start({ env: {}, logger, ports: ports.forService('probe') });
    expect(log).toEqual(['config', 'compose (probe table has 0 rows)', 'prepare', 'start consumer-a', 'start consumer-b']);
    expect(await service.probeRows()).toBe(0);
    expect(service.dispatcher).toBeUndefined();
    expect(service.deadLetters).toBe(ports.deadLetters);
    expect(service.readiness.map((c) => c.name)).toEqual(['postgres', 'kafka', 'redis']);
    log.length = 0;
    await Promise.all([service.close(), service.close()]);
    await service.close();
    expect(log).toEqual(['stop consumer-b', 'stop consumer-a', 'release']);
    expect(service.dataSource.isInitialized).toBe(false);
  });

  it('a service with an inbound part gets a started dispatcher, stopped before its runners', async () => {
    const log: string[] = [];
    const service = await probeService(log, { inbound: true }).start({ env: {}, logger, ports: ports.forService('probe') });
    expect(service.dispatcher).toBeDefined();
    expect(service.dispatcher?.answers('ocpp1.6')).toEqual([]);
    await service.close();
    expect(log.slice(-3)).toEqual(['stop consumer-b', 'stop consumer-a', 'release']);
  });

  it('a runner that fails to start closes what was opened before it and rethrows', async () => {
    const log: string[] = [];
    await expect(probeService(log, { failIn: 'consumer-b' }).start({ env: {}, logger, ports: ports.forService('probe') })).rejects.toThrow(
      'consumer-b failed',
    );
    expect(log).toEqual(['config', 'compose (probe table has 0 rows)', 'prepare', 'start consumer-a', 'stop consumer-a', 'release']);
  });

  it('a composition that fails closes the database; bad configuration opens nothing', async () => {
    const log: string[] = [];
    const opened: DataSource[] = [];
    await expect(
      probeService(log, { failIn: 'compose', opened }).start({ env: {}, logger, ports: ports.forService('probe') }),
    ).rejects.toThrow('compose failed');
    expect(log).toEqual(['config', 'compose (probe table has 0 rows)']);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.isInitialized).toBe(false);
    const none: string[] = [];
    await expect(probeService(none, { failConfig: true }).start({ env: {}, logger, ports: ports.forService('probe') })).rejects.toThrow(
      'PROBE_SERVICE_X',
    );
    expect(none).toEqual([]);
  });
});
