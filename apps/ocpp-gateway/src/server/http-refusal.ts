import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

/** Answers a WebSocket upgrade request with a plain HTTP error and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, extraHeaders: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const body = `${STATUS_CODES[status] ?? 'Error'}\n`;
  const headers = {
    Connection: 'close',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...extraHeaders,
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${head}\r\n\r\n${body}`);
  socket.destroy();
}
