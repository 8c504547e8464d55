/**
 * Baseline "ocpp-rpc": a server built with the ocpp-rpc library in strict mode (schema
 * validation of every call and response), OCPP 1.6J, answering the same calls as the bare
 * server. perMessageDeflate off, no auth. Usage: ocpp-rpc-server.ts <port>
 */
import { RPCServer, type RPCClient } from 'ocpp-rpc';

const port = Number(process.argv[2] ?? 0);
const currentTime = '2026-01-01T00:00:00.000Z';

async function main(): Promise<void> {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true, wssOptions: { perMessageDeflate: false } });
  server.auth((accept) => accept());
  server.on('client', (client: RPCClient) => {
    client.handle('Heartbeat', async () => ({ currentTime }));
    client.handle('BootNotification', async () => ({ status: 'Accepted', currentTime, interval: 60 }));
    client.handle('Authorize', async () => ({ idTagInfo: { status: 'Accepted' } }));
    client.handle('MeterValues', async () => ({}));
    client.handle('StatusNotification', async () => ({}));
  });
  const http = await server.listen(port, '127.0.0.1');
  const address = http.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : port}\n`);
}

process.on('SIGTERM', () => process.exit(0));
main().catch((error: unknown) => {
  process.stderr.write(`ocpp-rpc server failed: ${String(error)}\n`);
  process.exit(1);
});
