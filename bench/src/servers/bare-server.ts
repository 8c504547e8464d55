/**
 * Baseline "bare": a minimal `ws` server that parses every frame as JSON and answers each CALL
 * with a fixed CALLRESULT (Heartbeat: a fixed currentTime). perMessageDeflate off, no auth, no
 * validation. Usage: bare-server.ts <port>
 */
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 0);
const HEARTBEAT = { currentTime: '2026-01-01T00:00:00.000Z' };
const FIXED: Record<string, unknown> = {
  Heartbeat: HEARTBEAT,
  BootNotification: { status: 'Accepted', currentTime: HEARTBEAT.currentTime, interval: 60 },
  Authorize: { idTagInfo: { status: 'Accepted' } },
};
const EMPTY = {};

const server = new WebSocketServer({
  port,
  host: '127.0.0.1',
  perMessageDeflate: false,
  clientTracking: false,
  handleProtocols: (p) => [...p][0] ?? false,
});
server.on('connection', (ws) => {
  ws.on('message', (data: Buffer) => {
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString('utf8'));
    } catch {
      return;
    }
    if (Array.isArray(frame) && frame[0] === 2) ws.send(JSON.stringify([3, frame[1], FIXED[String(frame[2])] ?? EMPTY]));
  });
  ws.on('error', () => undefined);
});
server.on('listening', () => {
  const address = server.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
