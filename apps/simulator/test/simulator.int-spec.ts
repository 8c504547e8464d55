import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InboundHeader, replyChannelOf } from '@voltlane/contracts';
import {
  KafkaSubscriber,
  RedisBootStatusStore,
  RedisConnectionRegistry,
  RedisReplyChannel,
  RedisStationCredentialStore,
  StationCommandClient,
  createKafka,
  deleteTopics,
  ensureTopics,
  type BusMessage,
  type Subscription,
} from '@voltlane/messaging';
import { ocppValidator, type OcppVersion } from '@voltlane/ocpp';
import { hashSecret } from '@voltlane/security';
import { infraEnv, uniqueName, waitFor } from '@voltlane/testing';
import { parseSimulatorArgs } from '../src/cli/args';
import { Fleet } from '../src/fleet/fleet';
import type { RunSummary } from '../src/stats/summary';
import { startGatewayProcess, type GatewayProcess } from './gateway-process';

const PASSWORD = 'simulator-password-1234';
const ROOT = resolve(__dirname, '../../..');

/** What a CSMS answers to each station CALL (valid for every version). */
function answerFor(protocol: OcppVersion, action: string, nextTx: () => number): Record<string, unknown> {
  const now = new Date().toISOString();
  const v16 = protocol === 'ocpp1.6';
  switch (action) {
    case 'BootNotification':
      return { status: 'Accepted', currentTime: now, interval: 300 };
    case 'Authorize':
      return v16 ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
    case 'StartTransaction':
      return { transactionId: nextTx(), idTagInfo: { status: 'Accepted' } };
    case 'StopTransaction':
      return { idTagInfo: { status: 'Accepted' } };
    case 'DataTransfer':
      return { status: 'Accepted' };
    default:
      return {};
  }
}

describe('simulator against the real gateway, Kafka and Redis', () => {
  const env = infraEnv();
  const kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'simulator-tests' });
  const topics = { inbound: uniqueName('sim_inbound'), connections: uniqueName('sim_connections') };
  const credentials = new RedisStationCredentialStore(env.redisUrl, 'sim-tests');
  const bootStatus = new RedisBootStatusStore(env.redisUrl, 'sim-tests');
  const registry = new RedisConnectionRegistry(env.redisUrl, 'sim-tests');
  const channel = new RedisReplyChannel(env.redisUrl, 'sim-tests');
  const commands = new StationCommandClient(registry, channel, uniqueName('simsvc'));
  const subscriber = new KafkaSubscriber(kafka);
  const inbound: BusMessage[] = [];
  const schemaProblems: string[] = [];
  const prefix = uniqueName('sim').replace(/_/g, '-').slice(0, 30);
  let subscription: Subscription | undefined;
  let gateway: GatewayProcess;
  let fleet: Fleet | undefined;
  let tx = 1;

  async function register(stationId: string): Promise<void> {
    await bootStatus.set(stationId, 'Accepted');
    await credentials.put({ stationId, securityProfile: 1, passwordHash: await hashSecret(PASSWORD, { N: 1024, r: 8, p: 1 }) });
  }

  const actionsOf = (stationId: string) => inbound.filter((m) => m.key === stationId).map((m) => m.headers[InboundHeader.Action]);

  beforeAll(async () => {
    await ensureTopics(kafka, [
      { topic: topics.inbound, numPartitions: 3 },
      { topic: topics.connections, numPartitions: 1 },
    ]);
    await commands.start();
    // The answering service: replies to every station CALL the gateway publishes.
    subscription = await subscriber.subscribe(
      { groupId: uniqueName('sim_answer'), topics: [topics.inbound], fromBeginning: true },
      async (m) => {
        inbound.push(m);
        if (m.headers[InboundHeader.MessageType] !== '2' || m.headers['ocpp-answered-by']) return;
        const messageId = m.headers[InboundHeader.MessageId];
        const payload = answerFor(m.headers[InboundHeader.Protocol] as OcppVersion, m.headers[InboundHeader.Action], () => tx++);
        await channel.send(
          replyChannelOf(m.headers[InboundHeader.GatewayInstance]),
          JSON.stringify({
            kind: 'reply',
            stationId: m.key,
            connectionId: m.headers[InboundHeader.ConnectionId],
            messageId,
            frame: JSON.stringify([3, messageId, payload]),
          }),
        );
      },
    );
    gateway = await startGatewayProcess(env, {
      GATEWAY_INSTANCE_ID: uniqueName('simgw'),
      TOPIC_OCPP_INBOUND: topics.inbound,
      TOPIC_STATION_CONNECTIONS: topics.connections,
      GATEWAY_REQUIRE_BOOT_ACCEPTED: 'true',
      OCPP_SECURITY_PROFILE: '1',
    });
  }, 90_000);

  afterAll(async () => {
    await fleet?.stop();
    await gateway?.stop();
    await subscription?.close();
    await commands.close();
    await Promise.allSettled([credentials.close(), bootStatus.close(), registry.close(), channel.close()]);
    await deleteTopics(kafka, Object.values(topics));
  }, 60_000);

  it('runs 5 stations of mixed protocols: boot, status, sessions, all frames schema-valid', async () => {
    const options = parseSimulatorArgs([
      '--stations',
      '5',
      '--protocol',
      'mixed',
      '--url',
      gateway.url,
      '--password',
      PASSWORD,
      '--id-prefix',
      prefix,
      '--session-share',
      '1',
      '--session-seconds',
      '4',
      '--sample-interval',
      '1',
      '--aligned-interval',
      '0',
      '--connectors',
      '2',
    ]);
    for (let n = 1; n <= 5; n++) await register(`${prefix}-${n}`);
    const callActions = new Map<string, string>();
    fleet = new Fleet(options, {
      validator: ocppValidator,
      tap: (direction, station, text) => {
        const frame = JSON.parse(text) as unknown[];
        const key = `${station.id}/${String(frame[1])}`;
        if (frame[0] === 2) {
          callActions.set(key, String(frame[2]));
          const check =
            direction === 'out' ? ocppValidator.validateRequest(station.protocol, String(frame[2]), frame[3]) : { ok: true as const };
          if (!check.ok) schemaProblems.push(`${station.protocol} ${String(frame[2])}: ${check.message}`);
        } else if (frame[0] === 3) {
          const action = callActions.get(key) as string;
          const check =
            direction === 'out'
              ? ocppValidator.validateResponse(station.protocol, action, frame[2])
              : ocppValidator.validateResponse(station.protocol, action, frame[2]);
          if (!check.ok) schemaProblems.push(`${station.protocol} ${action} ${direction} response: ${check.message}`);
        }
      },
    });
    fleet.start();
    await waitFor(() => fleet?.stats.booted === 5, { timeoutMs: 20_000, message: '5 stations booted' });
    expect(fleet.stats.connected).toBe(5);
    const [s16, s201, s21] = [1, 2, 3].map((n) => `${prefix}-${n}`);
    const ended = (id: string) =>
      inbound.some(
        (m) =>
          m.key === id &&
          (m.headers[InboundHeader.Action] === 'StopTransaction' ||
            (m.headers[InboundHeader.Action] === 'TransactionEvent' && m.value.includes('"Ended"'))),
      );
    await waitFor(() => [s16, s201, s21].every(ended), { timeoutMs: 30_000, message: 'a session ended on each protocol' });
    expect(actionsOf(s16)).toEqual(
      expect.arrayContaining(['BootNotification', 'StatusNotification', 'Authorize', 'StartTransaction', 'MeterValues', 'StopTransaction']),
    );
    for (const id of [s201, s21]) {
      expect(actionsOf(id)).toEqual(expect.arrayContaining(['BootNotification', 'StatusNotification', 'Authorize', 'TransactionEvent']));
    }
    expect(inbound.find((m) => m.key === s21)?.headers[InboundHeader.Protocol]).toBe('ocpp2.1');
    // 1.6 reports connector 0 and both connectors after the boot.
    const statuses16 = inbound
      .filter((m) => m.key === s16 && m.headers[InboundHeader.Action] === 'StatusNotification')
      .map((m) => (JSON.parse(m.value) as unknown[])[3] as { connectorId: number });
    expect(new Set(statuses16.map((s) => s.connectorId))).toEqual(new Set([0, 1, 2]));
    expect(fleet.stats.callErrorsReceived).toBe(0);
    expect(fleet.stats.timeouts).toBe(0);
  }, 90_000);

  it('answers commands sent through StationCommandClient with protocol-correct payloads', async () => {
    const [s16, s201] = [1, 2].map((n) => `${prefix}-${n}`);
    const config = await commands.send(s16, 'GetConfiguration', { key: ['HeartbeatInterval'] });
    expect(config).toMatchObject({
      outcome: 'result',
      payload: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] },
    });

    const before = actionsOf(s16).filter((a) => a === 'StatusNotification').length;
    const trigger = await commands.send(s16, 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 });
    expect(trigger).toMatchObject({ outcome: 'result', payload: { status: 'Accepted' } });
    await waitFor(() => actionsOf(s16).filter((a) => a === 'StatusNotification').length > before, {
      timeoutMs: 10_000,
      message: 'triggered StatusNotification',
    });

    const station16 = fleet!.stations[0];
    await waitFor(() => station16.behaviour.freeConnectors() > 0, { timeoutMs: 15_000, message: 'a free 1.6 connector' });
    const starts = actionsOf(s16).filter((a) => a === 'StartTransaction').length;
    const remote = await commands.send(s16, 'RemoteStartTransaction', { idTag: 'REMOTE-1' });
    expect(remote).toMatchObject({ outcome: 'result', payload: { status: 'Accepted' } });
    await waitFor(() => actionsOf(s16).filter((a) => a === 'StartTransaction').length > starts, {
      timeoutMs: 10_000,
      message: 'StartTransaction after RemoteStart',
    });
    const startRecord = inbound.filter((m) => m.key === s16 && m.headers[InboundHeader.Action] === 'StartTransaction').at(-1) as BusMessage;
    expect((JSON.parse(startRecord.value) as unknown[])[3]).toMatchObject({ idTag: 'REMOTE-1' });

    const variables = await commands.send(s201, 'GetVariables', {
      getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
    });
    expect(variables).toMatchObject({
      outcome: 'result',
      protocol: 'ocpp2.0.1',
      payload: { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '300' }] },
    });
    const station201 = fleet!.stations[1];
    await waitFor(() => station201.behaviour.freeConnectors() > 0, { timeoutMs: 15_000, message: 'a free 2.0.1 EVSE' });
    const remote2 = await commands.send(s201, 'RequestStartTransaction', {
      remoteStartId: 555,
      idToken: { idToken: 'REMOTE-2', type: 'ISO14443' },
    });
    expect(remote2).toMatchObject({ outcome: 'result', payload: { status: 'Accepted' } });
    await waitFor(
      () =>
        inbound.some(
          (m) => m.key === s201 && m.headers[InboundHeader.Action] === 'TransactionEvent' && m.value.includes('"remoteStartId":555'),
        ),
      { timeoutMs: 10_000, message: 'Started event with remoteStartId' },
    );
    const unknown = await commands.send(s201, 'GetTransactionStatus', {});
    expect(unknown).toMatchObject({ outcome: 'error', error: { code: 'NotImplemented' } });
    expect(schemaProblems).toEqual([]);
  }, 90_000);

  it('runs the CLI for 3 seconds and writes its JSON summary', async () => {
    const cliPrefix = `${prefix}c`;
    for (let n = 1; n <= 3; n++) await register(`${cliPrefix}-${n}`);
    const file = join(mkdtempSync(join(tmpdir(), 'sim-')), 'summary.json');
    const args = [
      'apps/simulator/src/main.ts',
      '--stations',
      '3',
      '--protocol',
      'mixed',
      '--url',
      gateway.url,
      '--password',
      PASSWORD,
      '--id-prefix',
      cliPrefix,
      '--duration',
      '3',
      '--summary-json',
      file,
      '--quiet',
      '--session-share',
      '1',
      '--sample-interval',
      '1',
    ];
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((done) => {
      execFile(resolve(ROOT, 'node_modules/.bin/tsx'), args, { cwd: ROOT, timeout: 60_000 }, (error, out) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out }),
      );
    });
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
    expect(JSON.parse(stdout)).toEqual(summary);
    expect(summary).toMatchObject({ stations: 3, protocol: 'mixed', booted: 3 });
    expect(summary.durationS).toBeGreaterThanOrEqual(3);
    expect(summary.messages.sent).toBeGreaterThan(10);
    expect(summary.latencyMs.count).toBeGreaterThan(10);
    expect(summary.latencyMs.p99).toBeGreaterThan(0);
    expect(summary.errors).toMatchObject({ callErrorsReceived: 0, timeouts: 0, connectFailures: 0 });
  }, 90_000);
});
