import { connect, type Socket } from 'node:net';
import { readdirSync } from 'node:fs';
import { TestStation, basicAuth, uniqueName, waitFor } from '@voltlane/testing';
import { GatewayTestKit } from './gateway-test-kit';
import { rawUpgrade } from './raw-upgrade';

const PASSWORD = 'slow-client-password-77';
const HANDSHAKE_TIMEOUT_MS = 1_000;
const MAX_BUFFERED_BYTES = 65_536;

const openFds = (): number => readdirSync('/proc/self/fd').length;

/** A TCP connection that sends the start of an upgrade request, then one header byte every `everyMs`. */
function slowloris(port: number, everyMs: number): { socket: Socket; closedAfterMs: Promise<number> } {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  const drip = setInterval(() => {
    if (!socket.destroyed) socket.write('X');
  }, everyMs);
  socket.once('connect', () =>
    socket.write(`GET /ocpp/${uniqueName('slow')} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nX-Slow: `),
  );
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);
  const closedAfterMs = new Promise<number>((resolve) =>
    socket.once('close', () => {
      clearInterval(drip);
      resolve(Date.now() - started);
    }),
  );
  return { socket, closedAfterMs };
}

/** A masked client text frame (RFC 6455 §5.2) with an all-zero mask, so the payload is sent as is. */
function clientTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const header =
    payload.length < 126
      ? Buffer.from([0x81, 0x80 | payload.length])
      : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

describe('ocpp-gateway: slow and stuck clients', () => {
  const kit = new GatewayTestKit();
  let gw: Awaited<ReturnType<GatewayTestKit['startGateway']>>;

  beforeAll(async () => {
    await kit.setUp();
    gw = await kit.startGateway({
      OCPP_HANDSHAKE_TIMEOUT_MS: String(HANDSHAKE_TIMEOUT_MS),
      GATEWAY_MAX_BUFFERED_BYTES: String(MAX_BUFFERED_BYTES),
      GATEWAY_MAX_PENDING_CALLS: '4',
      GATEWAY_CALL_REPLY_TIMEOUT_MS: '1500',
      GATEWAY_RATE_LIMIT_PER_SECOND: '1000000',
      GATEWAY_RATE_LIMIT_BURST: '1000000',
    });
  });
  afterAll(() => kit.tearDown());

  it('closes slowloris handshakes at the handshake timeout and frees their file descriptors', async () => {
    const before = openFds();
    const clients = Array.from({ length: 60 }, () => slowloris(gw.port, 100));
    await waitFor(() => openFds() >= before + 60, { message: 'slow connections open' });
    const closedAfter = await Promise.all(clients.map((c) => c.closedAfterMs));
    // Each dripped a byte every 100 ms, yet none outlived the deadline by more than the check interval.
    for (const ms of closedAfter) {
      expect(ms).toBeGreaterThanOrEqual(HANDSHAKE_TIMEOUT_MS - 100);
      expect(ms).toBeLessThan(HANDSHAKE_TIMEOUT_MS + 2_000);
    }
    // Both ends are gone: the fds of this process (client and gateway) are back where they were.
    await waitFor(() => openFds() <= before + 2, { timeoutMs: 5_000, message: `fds back to ${before}` });
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await TestStation.connect(gw.url(id), ['ocpp1.6'], { headers: basicAuth(id, PASSWORD) });
    await ws.close();
  });

  it('also times out a connection that sends nothing at all', async () => {
    const socket = connect(gw.port, '127.0.0.1');
    socket.on('error', () => undefined);
    const started = Date.now();
    await new Promise((resolve) => socket.once('close', resolve));
    expect(Date.now() - started).toBeLessThan(HANDSHAKE_TIMEOUT_MS + 2_000);
  });

  it('cuts off a station that never reads while the CSMS sends it commands, instead of buffering', async () => {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const socket = await rawUpgrade(gw.port, id, PASSWORD, { protocol: 'ocpp1.6', stopReading: true });
    socket.on('error', () => undefined);
    await waitFor(async () => (await kit.registry.lookup(id)) !== null, { message: 'registered' });
    const cut = gw.running.gateway.stats.slowReadersCut;
    const data = 'x'.repeat(200_000);
    let sent = 0;
    // Commands are sent one at a time; each stays unanswered (the station reads nothing).
    while (gw.running.gateway.stats.slowReadersCut === cut && sent < 200) {
      await kit.commands.send(id, 'DataTransfer', { vendorId: 'acme', data }, { timeoutMs: 200 });
      sent++;
    }
    expect(gw.running.gateway.stats.slowReadersCut).toBe(cut + 1);
    // Far less than what was sent stayed queued: the socket went at the limit, not at 200 × 200 kB.
    expect(sent).toBeLessThan(200);
    await waitFor(async () => (await kit.registry.lookup(id)) === null, { message: 'registry entry released' });
    // Reading again, the station finds what reached it and then the end of the connection.
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.resume();
    await closed;
    expect((await kit.commands.send(id, 'Reset', { type: 'Soft' }, { timeoutMs: 200 })).outcome).toBe('offline');
    socket.destroy();
  });

  it('cuts off a station that floods CALLs but never reads the answers', async () => {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const socket = await rawUpgrade(gw.port, id, PASSWORD, { protocol: 'ocpp2.0.1', stopReading: true });
    let failed = false;
    socket.on('error', () => void (failed = true));
    socket.on('close', () => void (failed = true));
    const cut = gw.running.gateway.stats.slowReadersCut;
    // Each CALL names an unknown action: answered at once with NotImplemented, never published.
    const frame = clientTextFrame(JSON.stringify([2, 'x'.repeat(36), `Unknown${'A'.repeat(100)}`, {}]));
    let written = 0;
    const cap = 200 * 1024 * 1024;
    while (!failed && gw.running.gateway.stats.slowReadersCut === cut && written < cap) {
      const chunk = Buffer.concat(Array.from({ length: 256 }, () => frame));
      written += chunk.length;
      if (!socket.write(chunk)) await Promise.race([new Promise((r) => socket.once('drain', r)), new Promise((r) => setTimeout(r, 200))]);
    }
    await waitFor(() => gw.running.gateway.stats.slowReadersCut === cut + 1, { message: 'slow reader cut off' });
    expect(written).toBeLessThan(cap);
    await waitFor(async () => (await kit.registry.lookup(id)) === null, { message: 'registry entry released' });
    socket.destroy();
  });

  it('bounds unanswered CALLs per connection: beyond the limit each gets GenericError at once, the rest time out, one answer each', async () => {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD });
    const ws = await TestStation.connect(gw.url(id), ['ocpp2.0.1'], { headers: basicAuth(id, PASSWORD) });
    const answers = Array.from({ length: 30 }, (_, i) =>
      ws.call('Authorize', { idToken: { idToken: `T${i}`, type: 'ISO14443' } }, `a${i}`),
    );
    const settled = await Promise.all(answers);
    const codes = settled.map((f) => (f[0] === 4 ? f[2] : 'result'));
    expect(codes.slice(0, 4)).toEqual(['InternalError', 'InternalError', 'InternalError', 'InternalError']);
    expect(codes.slice(4)).toEqual(Array(26).fill('GenericError'));
    for (const f of settled.slice(4)) expect(f[3]).toMatch(/outstanding/i);
    await new Promise((r) => setTimeout(r, 300));
    expect(ws.frames).toEqual([]);
    // The connection is still usable once its CALLs are answered.
    expect((await ws.call('Heartbeat', {}, 'hb'))[0]).toBe(3);
    await ws.close();
  });
});
