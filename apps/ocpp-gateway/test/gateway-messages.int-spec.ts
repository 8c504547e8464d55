import { InboundHeader, parseStationConnectionEvent, replyChannelOf } from '@voltlane/contracts';
import { uniqueName, waitFor } from '@voltlane/testing';
import { GatewayTestKit } from './gateway-test-kit';
import { HandshakeRefused, TestStation, basicAuth } from '@voltlane/testing';
import { rawUpgrade } from './raw-upgrade';

const PASSWORD = 'correct-horse-battery-1';

const bootPayload = {
  'ocpp1.6': { chargePointVendor: 'Voltlane', chargePointModel: 'TestModel' },
  'ocpp2.0.1': { reason: 'PowerUp', chargingStation: { model: 'TestModel', vendorName: 'Voltlane' } },
  'ocpp2.1': { reason: 'PowerUp', chargingStation: { model: 'TestModel', vendorName: 'Voltlane' } },
} as const;

describe('ocpp-gateway: frames, Kafka and the reply channel', () => {
  const kit = new GatewayTestKit();
  let gw: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  /** Same settings but a short reply timeout: for the tests about what happens when nobody answers. */
  let impatient: Awaited<ReturnType<GatewayTestKit['startGateway']>>;

  beforeAll(async () => {
    await kit.setUp();
    const settings = {
      OCPP_MAX_FRAME_BYTES: '4096',
      // Long enough that a test worker's event loop, busy beside other suites, still answers in time.
      OCPP_PING_INTERVAL_MS: '1000',
    };
    // A reply comes over Kafka (to this suite's consumer) and back over Redis: on a loaded machine
    // that round trip can outlast a short reply timeout, so the gateway answering does not wait on it.
    gw = await kit.startGateway({ ...settings, GATEWAY_CALL_REPLY_TIMEOUT_MS: '15000' });
    impatient = await kit.startGateway({ ...settings, GATEWAY_CALL_REPLY_TIMEOUT_MS: '1500' });
  });
  afterAll(() => kit.tearDown());

  async function station(protocol: string, on = gw): Promise<{ id: string; ws: TestStation }> {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await TestStation.connect(on.url(id), [protocol], { headers: basicAuth(id, PASSWORD) });
    return { id, ws };
  }

  async function reply(stationId: string, messageId: string, payload: Record<string, unknown>, on = gw): Promise<void> {
    const record = await kit.inboundRecord((m) => m.key === stationId && m.headers[InboundHeader.MessageId] === messageId);
    await kit.channel.send(
      replyChannelOf(on.instanceId),
      JSON.stringify({
        kind: 'reply',
        stationId,
        connectionId: record.headers[InboundHeader.ConnectionId],
        messageId,
        frame: JSON.stringify([3, messageId, payload]),
      }),
    );
  }

  it.each(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const)(
    '%s: a CALL reaches Kafka with its headers and the reply reaches the station',
    async (protocol) => {
      const { id, ws } = await station(protocol);
      expect(ws.protocol).toBe(protocol);
      const answer = ws.call('BootNotification', bootPayload[protocol], 'boot-1');
      const record = await kit.inboundRecord((m) => m.key === id);
      expect(JSON.parse(record.value)).toEqual([2, 'boot-1', 'BootNotification', bootPayload[protocol]]);
      expect(record.headers).toMatchObject({
        [InboundHeader.Protocol]: protocol,
        [InboundHeader.Action]: 'BootNotification',
        [InboundHeader.MessageId]: 'boot-1',
        [InboundHeader.GatewayInstance]: gw.instanceId,
      });
      expect(record.headers[InboundHeader.ConnectionId]).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(record.headers[InboundHeader.ReceivedAt]).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(record.headers[InboundHeader.TraceParent]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const payload = { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 };
      await reply(id, 'boot-1', payload);
      expect(await answer).toEqual([3, 'boot-1', payload]);
      await ws.close();
    },
  );

  it('negotiates the server-preferred subprotocol among those offered', async () => {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await TestStation.connect(gw.url(id), ['ocpp1.6', 'ocpp2.0.1'], { headers: basicAuth(id, PASSWORD) });
    expect(ws.protocol).toBe('ocpp2.0.1');
    await ws.close();
  });

  it('refuses a client that offers no OCPP subprotocol at the handshake', async () => {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    await expect(TestStation.connect(gw.url(id), ['ocpp1.5', 'mqtt'], { headers: basicAuth(id, PASSWORD) })).rejects.toEqual(
      new HandshakeRefused(400),
    );
    await expect(TestStation.connect(gw.url(id), [], { headers: basicAuth(id, PASSWORD) })).rejects.toEqual(new HandshakeRefused(400));
  });

  it.each([
    ['ocpp1.6', 'not json', [4, '-1', 'FormationViolation']],
    ['ocpp2.0.1', 'not json', [4, '-1', 'RpcFrameworkError']],
    ['ocpp2.0.1', '{"an":"object"}', [4, '-1', 'RpcFrameworkError']],
    ['ocpp2.0.1', '[9,"m9","Heartbeat",{}]', [4, 'm9', 'MessageTypeNotSupported']],
    ['ocpp2.0.1', `[2,"${'x'.repeat(37)}","Heartbeat",{}]`, [4, '-1', 'RpcFrameworkError']],
    ['ocpp1.6', '[2,"u1","NoSuchAction",{}]', [4, 'u1', 'NotImplemented']],
    [
      'ocpp2.0.1',
      '[2,"u2","RequestStartTransaction",{"idToken":{"idToken":"A","type":"Central"},"remoteStartId":1}]',
      [4, 'u2', 'NotSupported'],
    ],
    ['ocpp1.6', '[2,"s1","BootNotification",{"chargePointVendor":"V"}]', [4, 's1', 'OccurenceConstraintViolation']],
    ['ocpp2.0.1', '[2,"s2","BootNotification",{"reason":"PowerUp"}]', [4, 's2', 'OccurrenceConstraintViolation']],
    [
      'ocpp2.1',
      '[2,"s3","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Available","evseId":"one","connectorId":1}]',
      [4, 's3', 'TypeConstraintViolation'],
    ],
    [
      'ocpp1.6',
      '[2,"s4","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}]',
      [4, 's4', 'PropertyConstraintViolation'],
    ],
  ] as const)('%s: answers %s with the prescribed CALLERROR and publishes nothing', async (protocol, frame, expected) => {
    const { id, ws } = await station(protocol);
    ws.sendRaw(frame);
    const answer = await ws.next();
    expect(answer.slice(0, 3)).toEqual(expected);
    expect(typeof answer[3]).toBe('string');
    expect(answer[4]).toEqual({});
    // A valid CALL afterwards is the first and only record of this station: nothing invalid got through.
    ws.sendRaw('[2,"hb","Heartbeat",{}]');
    await ws.next((f) => f[1] === 'hb');
    await kit.inboundRecord((m) => m.key === id && m.headers[InboundHeader.MessageId] === 'hb');
    expect(kit.inbound.filter((m) => m.key === id).map((m) => m.headers[InboundHeader.MessageId])).toEqual(['hb']);
    await ws.close();
  });

  it('closes the socket with 1009 when a frame exceeds the size limit', async () => {
    const { ws } = await station('ocpp2.0.1');
    ws.sendRaw(JSON.stringify([2, 'big', 'DataTransfer', { vendorId: 'v', data: 'x'.repeat(8_000) }]));
    expect((await ws.closed).code).toBe(1009);
  });

  it('answers Heartbeat locally and still publishes it, marked as answered', async () => {
    const { id, ws } = await station('ocpp1.6');
    const answer = await ws.call('Heartbeat', {}, 'hb-local');
    expect(answer[0]).toBe(3);
    expect(new Date((answer[2] as { currentTime: string }).currentTime).getTime()).toBeGreaterThan(Date.now() - 10_000);
    const record = await kit.inboundRecord((m) => m.key === id);
    expect(record.headers['ocpp-answered-by']).toBe('gateway');
    await ws.close();
  });

  it('answers with a CALLERROR when no service replies in time, and drops the late reply', async () => {
    const { id, ws } = await station('ocpp2.0.1', impatient);
    const started = Date.now();
    const answer = await ws.call('BootNotification', bootPayload['ocpp2.0.1'], 'slow-1');
    expect(answer.slice(0, 3)).toEqual([4, 'slow-1', 'InternalError']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    const dropped = impatient.running.gateway.stats.repliesDropped;
    await reply(id, 'slow-1', { status: 'Accepted', currentTime: new Date().toISOString(), interval: 60 }, impatient);
    await waitFor(() => impatient.running.gateway.stats.repliesDropped === dropped + 1, { message: 'late reply dropped' });
    // Exactly one answer reached the station.
    await new Promise((r) => setTimeout(r, 200));
    expect(ws.frames.filter((f) => f[1] === 'slow-1')).toEqual([]);
    await ws.close();
  });

  it('acknowledges a published notification nobody answered in time, but not a transaction message, and drops the late reply', async () => {
    const { id, ws } = await station('ocpp2.0.1', impatient);
    const at = new Date().toISOString();
    const status = ws.call('StatusNotification', { timestamp: at, connectorStatus: 'Faulted', evseId: 1, connectorId: 1 }, 'st-1');
    const tx = ws.call(
      'TransactionEvent',
      { eventType: 'Updated', timestamp: at, triggerReason: 'MeterValuePeriodic', seqNo: 1, transactionInfo: { transactionId: 'tx-1' } },
      'tx-1',
    );
    // The station's notification is durably on Kafka; stations do not retry it, so it is acknowledged.
    expect(await status).toEqual([3, 'st-1', {}]);
    // Transaction messages are retried by stations: they get the retryable error.
    expect((await tx).slice(0, 3)).toEqual([4, 'tx-1', 'InternalError']);
    // (This suite's own consumer may read it from Kafka a little later.)
    await kit.inboundRecord((m) => m.key === id && m.headers[InboundHeader.MessageId] === 'st-1');
    const dropped = impatient.running.gateway.stats.repliesDropped;
    await reply(id, 'st-1', {}, impatient);
    await waitFor(() => impatient.running.gateway.stats.repliesDropped === dropped + 1, { message: 'late reply dropped' });
    await new Promise((r) => setTimeout(r, 200));
    expect(ws.frames.filter((f) => f[1] === 'st-1')).toEqual([]);
    await ws.close();
  });

  it('drops a reply meant for a connection that has closed, even when the station reconnected', async () => {
    const { id, ws } = await station('ocpp2.0.1');
    const pending = ws.call('BootNotification', bootPayload['ocpp2.0.1'], 'b-old').catch(() => undefined);
    const record = await kit.inboundRecord((m) => m.key === id && m.headers[InboundHeader.MessageId] === 'b-old');
    await ws.close();
    await pending;
    // The station reconnects and re-sends a CALL with the same id on its new connection.
    const again = await TestStation.connect(gw.url(id), ['ocpp2.0.1'], { headers: basicAuth(id, PASSWORD) });
    const fresh = again.call('BootNotification', bootPayload['ocpp2.0.1'], 'b-old');
    await waitFor(() => kit.inbound.filter((m) => m.key === id).length === 2, { message: 'second record' });
    const current = kit.inbound.filter((m) => m.key === id)[1];
    expect(current.headers[InboundHeader.ConnectionId]).not.toBe(record.headers[InboundHeader.ConnectionId]);
    const dropped = gw.running.gateway.stats.repliesDropped;
    const answerTo = (connectionId: string, status: string) => ({
      kind: 'reply',
      stationId: id,
      connectionId,
      messageId: 'b-old',
      frame: JSON.stringify([3, 'b-old', { status, currentTime: '2026-01-01T00:00:00Z', interval: 1 }]),
    });
    // Sent while the new connection's CALL is still waiting (the reply timeout is long).
    const stale = answerTo(record.headers[InboundHeader.ConnectionId], 'Rejected');
    await kit.channel.send(replyChannelOf(gw.instanceId), JSON.stringify(stale));
    await waitFor(() => gw.running.gateway.stats.repliesDropped === dropped + 1, { message: 'stale reply dropped' });
    // The new connection never sees the old connection's answer: it gets the one meant for it
    // (had the stale one been delivered, this one would be the reply dropped).
    await kit.channel.send(
      replyChannelOf(gw.instanceId),
      JSON.stringify(answerTo(current.headers[InboundHeader.ConnectionId], 'Accepted')),
    );
    expect(await fresh).toEqual([3, 'b-old', { status: 'Accepted', currentTime: '2026-01-01T00:00:00Z', interval: 1 }]);
    expect(gw.running.gateway.stats.repliesDropped).toBe(dropped + 1);
    await again.close();
  });

  it('answers a duplicate message id that is still in flight with ProtocolError', async () => {
    const { ws } = await station('ocpp1.6');
    ws.sendRaw(JSON.stringify([2, 'dup', 'Authorize', { idTag: 'TAG1' }]));
    ws.sendRaw(JSON.stringify([2, 'dup', 'Authorize', { idTag: 'TAG1' }]));
    expect((await ws.next((f) => f[1] === 'dup')).slice(0, 3)).toEqual([4, 'dup', 'ProtocolError']);
    await ws.close();
  });

  it('rate-limits a flooding station, and still answers every CALL exactly once', async () => {
    const limited = await kit.startGateway({ GATEWAY_RATE_LIMIT_BURST: '5', GATEWAY_RATE_LIMIT_PER_SECOND: '1' });
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await TestStation.connect(limited.url(id), ['ocpp1.6'], { headers: basicAuth(id, PASSWORD) });
    for (let i = 0; i < 20; i++) ws.sendRaw(JSON.stringify([2, `f${i}`, 'Heartbeat', {}]));
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ws.next((f) => f[1] === `f${i}`)));
    expect(answers.filter((a) => a[0] === 3).length).toBeGreaterThanOrEqual(5);
    expect(answers.filter((a) => a[0] === 3).length).toBeLessThan(10);
    for (const a of answers.filter((x) => x[0] === 4)) expect(a[2]).toBe('GenericError');
    await new Promise((r) => setTimeout(r, 200));
    expect(ws.frames).toEqual([]);
    await ws.close();
  });

  it('publishes Connected and Disconnected events for the station', async () => {
    const { id, ws } = await station('ocpp2.0.1');
    await ws.close();
    await waitFor(() => kit.connectionEvents.filter((m) => m.key === id).length === 2, { message: 'two connection events' });
    const events = kit.connectionEvents.filter((m) => m.key === id).map((m) => parseStationConnectionEvent(JSON.parse(m.value)));
    expect(events.map((e) => e.type)).toEqual(['Connected', 'Disconnected']);
    expect(events[0]).toMatchObject({ stationId: id, protocol: 'ocpp2.0.1', gatewayInstance: gw.instanceId, securityProfile: 1 });
    expect(events[1].connectionId).toBe(events[0].connectionId);
    expect(events[1].closeCode).toBe(1000);
  });

  it('closes a connection that stops answering pings and removes its registry entry', async () => {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const socket = await rawUpgrade(gw.port, id, PASSWORD);
    await waitFor(async () => (await kit.registry.lookup(id)) !== null, { message: 'registered' });
    // The raw socket never answers pings: after two ping intervals the gateway drops it.
    await waitFor(async () => (await kit.registry.lookup(id)) === null, { timeoutMs: 8_000, message: 'registry entry removed' });
    await waitFor(() => socket.destroyed || socket.readableEnded, { timeoutMs: 2_000, message: 'socket closed' });
    socket.destroy();
  });
});
