import { uniqueName, waitFor } from '@voltlane/testing';
import { GatewayTestKit } from './gateway-test-kit';
import { TestStation, basicAuth } from '@voltlane/testing';

const PASSWORD = 'correct-horse-battery-2';

/**
 * CSMS→station calls sent by a "service" that knows only Redis (StationCommandClient), across
 * two gateway instances.
 */
describe('ocpp-gateway: commands to stations across instances', () => {
  const kit = new GatewayTestKit();
  let a: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  let b: Awaited<ReturnType<GatewayTestKit['startGateway']>>;

  beforeAll(async () => {
    await kit.setUp();
    a = await kit.startGateway();
    b = await kit.startGateway();
  });
  afterAll(() => kit.tearDown());

  async function connect(url: (id: string) => string, id: string, protocol = 'ocpp1.6'): Promise<TestStation> {
    const ws = await TestStation.connect(url(id), [protocol], { headers: basicAuth(id, PASSWORD) });
    await waitFor(async () => (await kit.registry.lookup(id))?.protocol === protocol, { message: 'registered' });
    return ws;
  }

  it('reaches the station on whichever instance holds it, and follows it when it reconnects elsewhere', async () => {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const onB = await connect(b.url, id);
    onB.onCall = (action, payload, msgId) =>
      action === 'GetConfiguration'
        ? [
            3,
            msgId,
            {
              configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }],
              unknownKey: ((payload.key as string[] | undefined) ?? []).filter((k) => k !== 'HeartbeatInterval'),
            },
          ]
        : undefined;
    expect((await kit.registry.lookup(id))?.gatewayInstance).toBe(b.instanceId);

    const first = await kit.commands.send(id, 'GetConfiguration', { key: ['HeartbeatInterval'] }, { timeoutMs: 5_000 });
    expect(first).toMatchObject({
      outcome: 'result',
      protocol: 'ocpp1.6',
      payload: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }], unknownKey: [] },
      request: { action: 'GetConfiguration', payload: { key: ['HeartbeatInterval'] } },
    });

    // The station reconnects to instance A: A takes over, B closes its old socket.
    const onA = await connect(a.url, id);
    onA.onCall = (action, _payload, msgId) => (action === 'Reset' ? [3, msgId, { status: 'Accepted' }] : undefined);
    expect((await onB.closed).code).toBe(4001);
    await waitFor(async () => (await kit.registry.lookup(id))?.gatewayInstance === a.instanceId, { message: 'A owns the station' });
    // B's close must not have removed A's registration (compare-and-delete).
    await new Promise((r) => setTimeout(r, 200));
    expect((await kit.registry.lookup(id))?.gatewayInstance).toBe(a.instanceId);

    const second = await kit.commands.send(id, 'Reset', { type: 'Soft' }, { timeoutMs: 5_000 });
    expect(second).toMatchObject({ outcome: 'result', payload: { status: 'Accepted' } });
    await onA.close();
    await waitFor(async () => (await kit.registry.lookup(id)) === null, { message: 'released on close' });
  });

  it('a second connection on the same instance replaces the first', async () => {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const first = await connect(a.url, id);
    const firstEntry = await kit.registry.lookup(id);
    const second = await TestStation.connect(a.url(id), ['ocpp1.6'], { headers: basicAuth(id, PASSWORD) });
    expect((await first.closed).code).toBe(4001);
    await waitFor(async () => (await kit.registry.lookup(id))?.connectionId !== firstEntry?.connectionId, { message: 'new owner' });
    second.onCall = (_action, _payload, msgId) => [3, msgId, { status: 'Accepted' }];
    expect((await kit.commands.send(id, 'ClearCache', {}, { timeoutMs: 5_000 })).outcome).toBe('result');
    await second.close();
  });

  it('returns the station CALLERROR, a timeout, an invalid response and offline as distinct outcomes', async () => {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await connect(b.url, id, 'ocpp2.0.1');
    ws.onCall = (action, _payload, msgId) => {
      if (action === 'Reset') return [4, msgId, 'NotSupported', 'no reset here', {}];
      if (action === 'ClearCache') return [3, msgId, { status: 'Maybe' }];
      return undefined; // TriggerMessage: never answered
    };
    expect(await kit.commands.send(id, 'Reset', { type: 'Immediate' }, { timeoutMs: 5_000 })).toMatchObject({
      outcome: 'error',
      error: { code: 'NotSupported', description: 'no reset here', details: {} },
    });
    const invalid = await kit.commands.send(id, 'ClearCache', {}, { timeoutMs: 5_000 });
    expect(invalid.outcome).toBe('invalid-response');
    expect(invalid.reason).toMatch(/status/);
    const timedOut = await kit.commands.send(id, 'TriggerMessage', { requestedMessage: 'Heartbeat' }, { timeoutMs: 300 });
    expect(timedOut).toMatchObject({
      outcome: 'timeout',
      request: { action: 'TriggerMessage', payload: { requestedMessage: 'Heartbeat' } },
    });
    await ws.close();
    await waitFor(async () => (await kit.registry.lookup(id)) === null);
    expect((await kit.commands.send(id, 'Reset', { type: 'Immediate' })).outcome).toBe('offline');
  });

  it('rejects a command that does not fit the station protocol without sending it', async () => {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await connect(a.url, id, 'ocpp1.6');
    const wrongVersion = await kit.commands.send(id, 'RequestStartTransaction', {
      idToken: { idToken: 'A', type: 'Central' },
      remoteStartId: 1,
    });
    expect(wrongVersion.outcome).toBe('rejected');
    expect(wrongVersion.reason).toMatch(/not a CSMS-initiated action of ocpp1\.6/);
    const badPayload = await kit.commands.send(id, 'Reset', { type: 'Sideways' });
    expect(badPayload.outcome).toBe('rejected');
    expect(badPayload.reason).toMatch(/payload invalid/);
    expect(ws.frames).toEqual([]);
    await ws.close();
  });

  it('keeps one CSMS call in flight per connection and queues the rest, in order', async () => {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await connect(a.url, id, 'ocpp1.6');
    const seen: { key: string; at: number }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    ws.onCall = (_action, payload, msgId) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      seen.push({ key: String(payload.key), at: Date.now() });
      setTimeout(() => {
        inFlight--;
        ws.sendRaw(JSON.stringify([3, msgId, { status: 'Accepted' }]));
      }, 30);
      return undefined;
    };
    const results = await Promise.all(
      ['k1', 'k2', 'k3', 'k4'].map((key) => kit.commands.send(id, 'ChangeConfiguration', { key, value: '1' }, { timeoutMs: 5_000 })),
    );
    expect(results.map((r) => r.outcome)).toEqual(['result', 'result', 'result', 'result']);
    expect(maxInFlight).toBe(1);
    expect(seen.map((s) => s.key).sort()).toEqual(['k1', 'k2', 'k3', 'k4']);
    await ws.close();
  });

  it('answers queue overflow to the sender instead of dropping it', async () => {
    const small = await kit.startGateway({ GATEWAY_COMMAND_QUEUE_LIMIT: '1' });
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await connect(small.url, id, 'ocpp1.6');
    const calls: string[] = [];
    ws.onCall = (action) => {
      calls.push(action);
      return null; // never answers
    };
    // Long enough that all three reach the gateway while the first is still in flight, however
    // slowly Redis and this process go; the socket's close ends the wait instead.
    const timeoutMs = 10_000;
    const started = Date.now();
    const sends = [1, 2, 3].map(() => kit.commands.send(id, 'ClearCache', {}, { timeoutMs }));
    // One in flight, one queued behind it, one over the limit: answered at once, without waiting.
    const rejected = await Promise.race(sends);
    const waited = Date.now() - started;
    expect(rejected).toMatchObject({ outcome: 'rejected', reason: 'command queue for this station is full' });
    // Typed, so senders need not read the message: temporary, with how long until a slot frees at
    // the latest (the deadline of the call in flight, sent after `started`).
    expect(rejected.rejection).toBe('queue-full');
    expect(rejected.retryAfterMs).toBeGreaterThanOrEqual(timeoutMs - waited);
    expect(rejected.retryAfterMs).toBeLessThanOrEqual(timeoutMs);
    await waitFor(() => calls.length === 1, { message: 'the call in flight at the station' });
    // The station goes away: the call in flight and the queued one (never sent) are answered too.
    await ws.close();
    const results = await Promise.all(sends);
    expect(results.map((r) => r.outcome).sort()).toEqual(['offline', 'offline', 'rejected']);
    expect(
      results
        .filter((r) => r.outcome === 'offline')
        .map((r) => r.reason)
        .sort(),
    ).toEqual(['connection closed before the call was sent', 'connection closed before the station answered']);
    expect(calls).toEqual(['ClearCache']);
  });
});
