import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * Performs the WebSocket handshake (HTTP Basic auth) over a bare TCP socket and hands the socket
 * over after the 101: it then never answers pings, and with `stopReading` never reads either.
 */
export function rawUpgrade(
  port: number,
  id: string,
  password: string,
  options: { protocol?: string; stopReading?: boolean } = {},
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        [
          `GET /ocpp/${id} HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Sec-WebSocket-Protocol: ${options.protocol ?? 'ocpp1.6'}`,
          `Authorization: Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    socket.once('data', (chunk: Buffer) => {
      if (!chunk.toString().startsWith('HTTP/1.1 101')) return reject(new Error(chunk.toString()));
      if (options.stopReading) socket.pause();
      resolve(socket);
    });
    socket.once('error', reject);
  });
}
