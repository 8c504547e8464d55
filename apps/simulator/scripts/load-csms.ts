// A minimal, non-validating CSMS for measuring the simulator itself: answers every station CALL
// at once with a valid payload and counts what it saw. Not a Voltlane component; for load checks:
//   npx tsx apps/simulator/scripts/load-csms.ts 9100 &
//   npm run simulate -- --stations 10000 --url ws://127.0.0.1:9100/ocpp --duration 60
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 9100);
const heartbeat = Number(process.argv[3] ?? 60);
let frames = 0;
let connections = 0;
let nextTx = 1;

function answer(protocol: string, action: string): Record<string, unknown> {
  switch (action) {
    case 'BootNotification':
      return { status: 'Accepted', currentTime: new Date().toISOString(), interval: heartbeat };
    case 'Heartbeat':
      return { currentTime: new Date().toISOString() };
    case 'Authorize':
      return protocol === 'ocpp1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
    case 'StartTransaction':
      return { transactionId: nextTx++, idTagInfo: { status: 'Accepted' } };
    case 'DataTransfer':
      return { status: 'Accepted' };
    default:
      return {};
  }
}

const server = new WebSocketServer({
  port,
  host: '127.0.0.1',
  handleProtocols: (protocols) => [...protocols][0] ?? false,
  perMessageDeflate: false,
});
server.on('connection', (ws) => {
  connections++;
  ws.on('close', () => connections--);
  ws.on('message', (data: Buffer) => {
    frames++;
    const frame = JSON.parse(data.toString('utf8')) as unknown[];
    if (frame[0] === 2) ws.send(JSON.stringify([3, frame[1], answer(ws.protocol, String(frame[2]))]));
  });
});
setInterval(() => process.stdout.write(`load-csms: ${connections} connections, ${frames} frames\n`), 10_000).unref();
process.stdout.write(`load-csms listening on ws://127.0.0.1:${port}/ocpp\n`);
