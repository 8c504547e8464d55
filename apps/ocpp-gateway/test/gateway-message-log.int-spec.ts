import { InboundHeader, ocppFramesBatchContract, replyChannelOf, type LoggedFrame } from '@voltlane/contracts';
import { KafkaSubscriber, type BusMessage, type Subscription } from '@voltlane/messaging';
import { TestStation, basicAuth, uniqueName, waitFor } from '@voltlane/testing';
import { GatewayTestKit } from './gateway-test-kit';

const PASSWORD = 'correct-horse-battery-9';
const BOOT = { chargePointVendor: 'Voltlane', chargePointModel: 'TestModel' };

type Running = Awaited<ReturnType<GatewayTestKit['startGateway']>>;

/** The OCPP message log: every frame in and out of a real gateway, batched on the frames topic (ocpp.frames.v1). */
describe('ocpp-gateway: the OCPP message log on Kafka', () => {
  const kit = new GatewayTestKit();
  const records: BusMessage[] = [];
  let subscription: Subscription | undefined;
  let gw: Running;

  beforeAll(async () => {
    await kit.setUp();
    // The gateway creates the frames topic at start; read it from the beginning afterwards.
    gw = await kit.startGateway({ GATEWAY_MESSAGE_LOG_FLUSH_MS: '50', GATEWAY_MAX_JSON_DEPTH: '4' });
    subscription = await new KafkaSubscriber(kit.kafka).subscribe(
      { groupId: uniqueName('frames-reader'), topics: [kit.topics.frames], fromBeginning: true },
      async (m) => void records.push(m),
    );
  });
  afterAll(async () => {
    await subscription?.close();
    await kit.tearDown();
  });

  async function connect(on: Running, id: string): Promise<TestStation> {
    await kit.addStation(id, { password: PASSWORD });
    const ws = await TestStation.connect(on.url(id), ['ocpp1.6'], { headers: basicAuth(id, PASSWORD) });
    await waitFor(async () => (await kit.registry.lookup(id))?.connectionId !== undefined, { message: 'registered' });
    return ws;
  }

  /** The frames of one station logged by one gateway instance, in the order of its records. */
  function logged(instanceId: string, stationId: string): LoggedFrame[] {
    return records
      .filter((m) => m.key === instanceId)
      .flatMap((m) => {
        const batch = ocppFramesBatchContract.outgoing(JSON.parse(m.value));
        expect(batch.gatewayInstance).toBe(instanceId);
        return batch.frames;
      })
      .filter((f) => f.stationId === stationId);
  }

  it('holds every frame in and out, in order, with its direction and action', async () => {
    const id = uniqueName('cs');
    const ws = await connect(gw, id);
    ws.onCall = (action, _payload, msgId) => (action === 'ClearCache' ? [3, msgId, { status: 'Accepted' }] : undefined);

    // A valid CALL answered by a service over the reply channel.
    const bootAnswer = ws.call('BootNotification', BOOT, 'boot-1');
    const inbound = await kit.inboundRecord((m) => m.key === id && m.headers[InboundHeader.MessageId] === 'boot-1');
    const bootReply = JSON.stringify([3, 'boot-1', { status: 'Accepted', currentTime: '2026-01-01T00:00:00.000Z', interval: 300 }]);
    await kit.channel.send(
      replyChannelOf(gw.instanceId),
      JSON.stringify({
        kind: 'reply',
        stationId: id,
        connectionId: inbound.headers[InboundHeader.ConnectionId],
        messageId: 'boot-1',
        frame: bootReply,
      }),
    );
    expect((await bootAnswer)[0]).toBe(3);
    // Unparseable, too deep, an invalid CALL, and a Heartbeat the gateway answers itself.
    ws.sendRaw('not json');
    expect((await ws.next())[0]).toBe(4);
    const deep = '[2,"deep","DataTransfer",{"vendorId":"v","data":{"a":{"b":{"c":1}}}}]';
    ws.sendRaw(deep);
    expect((await ws.next((f) => f[1] === 'deep'))[2]).toBe('FormationViolation');
    expect((await ws.call('Authorize', {}, 'auth-1'))[0]).toBe(4);
    expect((await ws.call('Heartbeat', {}, 'hb-1'))[0]).toBe(3);
    // A CSMS→station call, answered by the station.
    expect((await kit.commands.send(id, 'ClearCache', {}, { timeoutMs: 5_000 })).outcome).toBe('result');

    const expected = [
      { direction: 'in', action: 'BootNotification', frame: JSON.stringify([2, 'boot-1', 'BootNotification', BOOT]) },
      { direction: 'out', action: 'BootNotification', frame: bootReply },
      { direction: 'in', action: null, frame: 'not json' },
      { direction: 'out', action: null, frame: expect.stringMatching(/^\[4,"-1","FormationViolation",/) },
      { direction: 'in', action: null, frame: deep },
      { direction: 'out', action: null, frame: expect.stringMatching(/^\[4,"deep","FormationViolation",/) },
      { direction: 'in', action: 'Authorize', frame: '[2,"auth-1","Authorize",{}]' },
      { direction: 'out', action: 'Authorize', frame: expect.stringMatching(/^\[4,"auth-1","OccurenceConstraintViolation",/) },
      { direction: 'in', action: 'Heartbeat', frame: '[2,"hb-1","Heartbeat",{}]' },
      { direction: 'out', action: 'Heartbeat', frame: expect.stringMatching(/^\[3,"hb-1",\{"currentTime":"/) },
      { direction: 'out', action: 'ClearCache', frame: expect.stringMatching(/^\[2,"[0-9a-f-]{36}","ClearCache",\{\}\]$/) },
      { direction: 'in', action: 'ClearCache', frame: expect.stringMatching(/^\[3,"[0-9a-f-]{36}",\{"status":"Accepted"\}\]$/) },
    ];
    await waitFor(() => logged(gw.instanceId, id).length >= expected.length, { timeoutMs: 15_000, message: 'frames logged' });
    const frames = logged(gw.instanceId, id);
    expect(frames.map(({ direction, action, frame }) => ({ direction, action, frame }))).toEqual(expected);
    // The CSMS call and its answer carry the same message id.
    expect(JSON.parse(frames[10].frame)[1]).toBe(JSON.parse(frames[11].frame)[1]);
    const connectionId = inbound.headers[InboundHeader.ConnectionId];
    expect(new Set(frames.map((f) => f.connectionId))).toEqual(new Set([connectionId]));
    const times = frames.map((f) => Date.parse(f.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThan(Date.now() - 60_000);
    expect(gw.running.gateway.stats.messageLogFrames).toBeGreaterThanOrEqual(expected.length);
    expect(gw.running.gateway.stats.messageLogDroppedByReason).toEqual({});
    const metrics = await (await fetch(`http://127.0.0.1:${gw.running.opsPort}/metrics`)).text();
    const published = Number(/^voltlane_gateway_message_log_frames_total(?:\{[^}]*\})? (\d+)$/m.exec(metrics)?.[1]);
    expect(published).toBeGreaterThanOrEqual(expected.length);
    await ws.close();
  });

  it('publishes what is still buffered when the gateway stops, and records nothing when off', async () => {
    const slow = await kit.startGateway({ GATEWAY_MESSAGE_LOG_FLUSH_MS: '60000' });
    const off = await kit.startGateway({ GATEWAY_MESSAGE_LOG: 'off' });
    const id = uniqueName('cs');
    const onSlow = await connect(slow, id);
    expect((await onSlow.call('Heartbeat', {}, 'hb-slow'))[0]).toBe(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(logged(slow.instanceId, id)).toEqual([]);
    await slow.running.stop();
    await waitFor(() => logged(slow.instanceId, id).length >= 2, { timeoutMs: 15_000, message: 'flushed on stop' });
    expect(logged(slow.instanceId, id).map((f) => [f.direction, f.action])).toEqual([
      ['in', 'Heartbeat'],
      ['out', 'Heartbeat'],
    ]);

    const other = uniqueName('cs');
    const onOff = await connect(off, other);
    expect((await onOff.call('Heartbeat', {}, 'hb-off'))[0]).toBe(3);
    await onOff.close();
    await off.running.stop();
    // A record of the stopped instance would have arrived by now (the slow one's took less).
    await new Promise((r) => setTimeout(r, 1_000));
    expect(records.filter((m) => m.key === off.instanceId)).toEqual([]);
    expect(off.running.gateway.stats.messageLogFrames).toBe(0);
  });
});
