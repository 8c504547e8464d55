import { InboundHeader, replyChannelOf } from '@voltlane/contracts';
import { TestStation, basicAuth, uniqueName, waitFor } from '@voltlane/testing';
import { GatewayTestKit } from './gateway-test-kit';

const PASSWORD = 'correct-horse-battery-5';

describe('ocpp-gateway: lifecycle', () => {
  const kit = new GatewayTestKit();

  beforeAll(() => kit.setUp());
  afterAll(() => kit.tearDown());

  it('negotiates permessage-deflate with a client that offers it', async () => {
    const gw = await kit.startGateway();
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await TestStation.connect(gw.url(id), ['ocpp2.0.1'], { headers: basicAuth(id, PASSWORD), perMessageDeflate: true });
    expect(ws.socket.extensions).toContain('permessage-deflate');
    expect((await ws.call('Heartbeat', {}))[0]).toBe(3);
    await ws.close();
  });

  it('serves Prometheus metrics and health on the ops port', async () => {
    const gw = await kit.startGateway();
    const ops = `http://127.0.0.1:${String(gw.running.opsPort)}`;
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await TestStation.connect(gw.url(id), ['ocpp1.6'], { headers: basicAuth(id, PASSWORD) });
    await ws.call('Heartbeat', {});
    await ws.call('Heartbeat', {});
    ws.sendRaw('not json');
    await ws.next();
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toMatch(/voltlane_gateway_connected_stations\{protocol="ocpp1.6",app="ocpp-gateway"\} 1\b/);
    expect(metrics).toMatch(/voltlane_gateway_calls_total\{action="Heartbeat",app="ocpp-gateway"\} 2\b/);
    expect(metrics).toMatch(/voltlane_gateway_frames_total\{result="invalid",app="ocpp-gateway"\} 1\b/);
    expect(metrics).toMatch(/voltlane_gateway_call_duration_seconds_count\{app="ocpp-gateway",action="Heartbeat",outcome="result"\} 2\b/);
    expect(metrics).toMatch(/process_resident_memory_bytes/);
    const live = await fetch(`${ops}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${ops}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: [
        { name: 'listening', status: 'ok' },
        { name: 'kafka', status: 'ok' },
        { name: 'redis', status: 'ok' },
      ],
    });
    // A CALL of an action outside the catalog is answered NotImplemented and counted as "unknown":
    // a station cannot mint label values.
    expect((await ws.call('NoSuchAction', {}))[2]).toBe('NotImplemented');
    const scrape = async () => (await fetch(`${ops}/metrics`)).text();
    let after = '';
    await waitFor(
      async () => /voltlane_kafka_produced_records_total\{topic="[^"]+",app="ocpp-gateway"\} [1-9]/.test((after = await scrape())),
      {
        message: 'records produced',
      },
    );
    expect(after).toMatch(/voltlane_gateway_call_errors_total\{action="unknown",code="NotImplemented",app="ocpp-gateway"\} 1\b/);
    for (const check of ['listening', 'kafka', 'redis'])
      expect(after).toMatch(new RegExp(`voltlane_gateway_ready\\{check="${check}",app="ocpp-gateway"\\} 1\\b`));
    expect(after).toMatch(/voltlane_redis_up\{client="registry",app="ocpp-gateway"\} 1\b/);
    expect(after).toMatch(/voltlane_kafka_producer_batch_in_flight_seconds\{app="ocpp-gateway"\} 0\b/);
    expect(after).toMatch(/# TYPE voltlane_kafka_produce_errors_total counter/);
    expect(after).toMatch(/# TYPE voltlane_redis_command_errors_total counter/);
    await ws.close();
  });

  it('reports a draining gateway as not ready in voltlane_gateway_ready', async () => {
    const gw = await kit.startGateway({ GATEWAY_DRAIN_WINDOW_MS: '200', GATEWAY_DRAIN_REPLY_GRACE_MS: '2000' });
    const ops = `http://127.0.0.1:${String(gw.running.opsPort)}`;
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await TestStation.connect(gw.url(id), ['ocpp1.6'], { headers: basicAuth(id, PASSWORD) });
    // A CALL nobody answers keeps the drain in its reply grace, with the ops port still up.
    void ws.call('Authorize', { idTag: 'TAG1' }).catch(() => undefined);
    await waitFor(() => gw.running.gateway.stats.callsPublished >= 1, { message: 'CALL published' });
    const drained = gw.running.drain();
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toMatch(/voltlane_gateway_ready\{check="listening",app="ocpp-gateway"\} 0\b/);
    expect(metrics).toMatch(/voltlane_gateway_ready\{check="redis",app="ocpp-gateway"\} 1\b/);
    await drained;
  });

  it('drains on shutdown: refuses new stations, answers in-flight CALLs, then closes with 1012 over the window', async () => {
    // The grace must cover a station added, a connection refused and a reply over Redis on a loaded
    // machine; the drain goes on as soon as the CALL is answered, so it costs nothing here.
    const gw = await kit.startGateway({ GATEWAY_DRAIN_WINDOW_MS: '600', GATEWAY_DRAIN_REPLY_GRACE_MS: '10000' });
    const ids = [uniqueName('cs'), uniqueName('cs'), uniqueName('cs')];
    for (const id of ids) await kit.addStation(id, { password: PASSWORD });
    const stations = await Promise.all(ids.map((id) => TestStation.connect(gw.url(id), ['ocpp1.6'], { headers: basicAuth(id, PASSWORD) })));
    const inFlight = stations[0].call('Authorize', { idTag: 'TAG1' }, 'auth-1');
    const record = await kit.inboundRecord((m) => m.key === ids[0] && m.headers[InboundHeader.MessageId] === 'auth-1');

    const closedAt: number[] = [];
    stations.forEach((s) => void s.closed.then(() => closedAt.push(Date.now())));
    const drained = gw.running.drain();
    // New connections are refused while draining.
    const late = uniqueName('cs');
    await kit.addStation(late, { password: PASSWORD });
    await expect(TestStation.connect(gw.url(late), ['ocpp1.6'], { headers: basicAuth(late, PASSWORD) })).rejects.toBeDefined();
    // The in-flight CALL still gets its answer before the socket closes.
    await kit.channel.send(
      replyChannelOf(gw.instanceId),
      JSON.stringify({
        kind: 'reply',
        stationId: ids[0],
        connectionId: record.headers[InboundHeader.ConnectionId],
        messageId: 'auth-1',
        frame: '[3,"auth-1",{"idTagInfo":{"status":"Accepted"}}]',
      }),
    );
    expect(await inFlight).toEqual([3, 'auth-1', { idTagInfo: { status: 'Accepted' } }]);
    await drained;
    const codes = await Promise.all(stations.map((s) => s.closed.then((c) => c.code)));
    expect(codes).toEqual([1012, 1012, 1012]);
    await waitFor(() => closedAt.length === 3);
    // Every registry entry was released.
    for (const id of ids) expect(await kit.registry.lookup(id)).toBeNull();
  });
});
