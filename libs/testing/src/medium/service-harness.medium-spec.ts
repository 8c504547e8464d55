import { parseOcppCommandEvent, parseStationConnectionEvent } from '@voltlane/contracts';
import type { StationCommandClient } from '@voltlane/messaging';
import {
  InboundDispatcher,
  openServiceDatabase,
  OcppCallError,
  type OcppCallHandler,
  type RunningService,
  type ServiceStartOptions,
} from '@voltlane/service-kit';
import { Client } from 'pg';
import { testDatabaseUrl, uniqueName } from '@voltlane/testing';
import { ServiceHarness } from './service-harness';

/** A service of the harness's own test: answers Heartbeat and DataTransfer, sends commands. */
interface ProbeService extends RunningService {
  commands: StationCommandClient;
}

const heartbeat: OcppCallHandler = {
  action: 'Heartbeat',
  versions: ['ocpp1.6', 'ocpp2.0.1'],
  handle: async () => ({ currentTime: '2026-01-01T00:00:00.000Z' }),
};

// DataTransfer answers what `data` asks for: a valid result, an invalid one, or a CALLERROR.
const dataTransfer: OcppCallHandler = {
  action: 'DataTransfer',
  versions: ['ocpp1.6'],
  handle: async (payload) => {
    if (payload.data === 'invalid') return { status: 'Perhaps' };
    if (payload.data === 'error') throw new OcppCallError('NotSupported', 'no vendor extensions here');
    return { status: 'Accepted', data: String(payload.data) };
  },
};

async function startProbe(options: ServiceStartOptions): Promise<ProbeService> {
  const ports = options.ports;
  if (!ports) throw new Error('the probe runs on given ports only');
  const schema = options.env.PROBE_SERVICE_DB_SCHEMA as string;
  const dataSource = await openServiceDatabase({ url: options.env.DATABASE_URL as string, schema, entities: [], migrations: [] });
  await dataSource.query(`CREATE TABLE IF NOT EXISTS probe (id int PRIMARY KEY)`);
  const dispatcher = new InboundDispatcher(ports.subscriber, ports.replyChannel, [heartbeat, dataTransfer], [], options.logger, {
    groupId: 'probe',
    topic: 'ocpp.inbound.v1',
    deadLetters: ports.deadLetters,
  });
  await dispatcher.start();
  return {
    name: 'probe-service',
    dataSource,
    dispatcher,
    deadLetters: ports.deadLetters,
    commands: ports.commands,
    close: async () => {
      await dispatcher.stop();
      await dataSource.destroy();
    },
  };
}

async function schemaExists(name: string): Promise<boolean> {
  const pg = new Client({ connectionString: testDatabaseUrl() });
  await pg.connect();
  try {
    return (await pg.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = $1`, [name])).rowCount === 1;
  } finally {
    await pg.end();
  }
}

describe('ServiceHarness (the medium tier itself)', () => {
  let harness: ServiceHarness<ProbeService>;

  beforeAll(async () => {
    harness = await ServiceHarness.start({ start: startProbe, service: 'probe-service' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('hands a frame to the dispatcher as the gateway would and returns its answer', async () => {
    const station = await harness.connect(uniqueName('cs'), 'ocpp1.6');
    expect(await station.call('Heartbeat', {}, 'hb-1')).toEqual([3, 'hb-1', { currentTime: '2026-01-01T00:00:00.000Z' }]);
    expect(await station.call('DataTransfer', { vendorId: 'V', data: 'echo' })).toEqual([
      3,
      expect.any(String),
      { status: 'Accepted', data: 'echo' },
    ]);
    expect((await station.call('DataTransfer', { vendorId: 'V', data: 'error' })).slice(0, 4)).toEqual([
      4,
      expect.any(String),
      'NotSupported',
      'no vendor extensions here',
    ]);
    const inbound = harness.records('OcppInbound').find((m) => m.headers['ocpp-message-id'] === 'hb-1');
    expect(inbound?.headers).toMatchObject({
      'ocpp-protocol': 'ocpp1.6',
      'ocpp-action': 'Heartbeat',
      'connection-id': station.connectionId,
      'ocpp-message-type': '2',
    });
  });

  it('refuses what the gateway would refuse: an invalid frame, an answer that fails its schema, no answer', async () => {
    const station = await harness.connect(uniqueName('cs'), 'ocpp1.6');
    await expect(station.call('DataTransfer', { data: 'no vendorId' })).rejects.toThrow(
      /the gateway would refuse this ocpp1.6 DataTransfer/,
    );
    await expect(station.call('DataTransfer', { vendorId: 'V', data: 'invalid' })).rejects.toThrow(
      /answered ocpp1.6 DataTransfer with a payload the gateway would refuse/,
    );
    // A CALL the service does not answer is a test error too (the gateway would answer it InternalError).
    await expect(
      station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }, 'sn-1', { timeoutMs: 300 }),
    ).rejects.toThrow(/no answer to StatusNotification \(sn-1\)/);
  });

  it('announces connections on stations.connections.v1 and registers them', async () => {
    const id = uniqueName('cs');
    const station = await harness.connect(id, 'ocpp2.0.1');
    expect(await harness.ports.registry.lookup(id)).toMatchObject({ connectionId: station.connectionId, protocol: 'ocpp2.0.1' });
    await station.close(1001);
    expect(await harness.ports.registry.lookup(id)).toBeNull();
    await harness.settle();
    const events = harness
      .records('StationConnections')
      .filter((m) => m.key === id)
      .map((m) => parseStationConnectionEvent(JSON.parse(m.value)));
    expect(events.map((e) => [e.type, e.connectionId, e.closeCode])).toEqual([
      ['Connected', station.connectionId, undefined],
      ['Disconnected', station.connectionId, 1001],
    ]);
  });

  it("answers the service's commands as the station says, checked as the gateway checks them", async () => {
    const id = uniqueName('cs');
    const station = await harness.connect(id, 'ocpp1.6', {
      answer: (action, payload) =>
        action === 'Reset' && payload.type === 'Hard'
          ? { callError: 'InternalError', description: 'busy' }
          : action === 'Reset'
            ? { status: 'Accepted' }
            : { status: 'Maybe' },
    });
    const commands = harness.service.commands;
    expect(await commands.send(id, 'Reset', { type: 'Soft' })).toMatchObject({
      outcome: 'result',
      protocol: 'ocpp1.6',
      payload: { status: 'Accepted' },
    });
    expect(await commands.send(id, 'Reset', { type: 'Hard' })).toMatchObject({
      outcome: 'error',
      error: { code: 'InternalError', description: 'busy' },
    });
    expect(await commands.send(id, 'UnlockConnector', { connectorId: 1 })).toMatchObject({
      outcome: 'invalid-response',
      payload: { status: 'Maybe' },
    });
    expect(await commands.send(id, 'Reset', { type: 'Sideways' })).toMatchObject({ outcome: 'rejected', rejection: 'invalid-payload' });
    expect(await commands.send(id, 'BootNotification', {})).toMatchObject({ outcome: 'rejected', rejection: 'unsupported-action' });
    expect(await commands.send(uniqueName('absent'), 'Reset', { type: 'Soft' })).toMatchObject({ outcome: 'offline' });
    expect(station.commands.map((c) => c.action)).toEqual(['Reset', 'Reset', 'UnlockConnector']);
    await harness.settle();
    const published = harness
      .records('OcppCommands')
      .filter((m) => m.key === id)
      .map((m) => parseOcppCommandEvent(JSON.parse(m.value)).result.outcome);
    expect(published).toEqual(['result', 'error', 'invalid-response', 'rejected', 'rejected']);
  });

  it('reads the service schema and drops it, with the dead-letter schema, when it stops', async () => {
    const other = await ServiceHarness.start({ start: startProbe, service: 'probe-service' });
    await other.query(`INSERT INTO probe (id) VALUES (1)`);
    expect(await other.query(`SELECT id FROM probe`)).toEqual([{ id: 1 }]);
    const schemas = [other.schema.name, other.env.DEAD_LETTERS_DB_SCHEMA];
    expect(await Promise.all(schemas.map(schemaExists))).toEqual([true, true]);
    await other.stop();
    expect(await Promise.all(schemas.map(schemaExists))).toEqual([false, false]);
  });
});
