import { request as httpRequest, createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { connect, createServer, isIP, type AddressInfo, type Server, type Socket } from 'node:net';

/** The client a proxy names in its PROXY header. */
export interface ClaimedClient {
  address: string;
  port: number;
}

/** A PROXY protocol v1 line, as HAProxy and nginx `proxy_protocol on` write it. */
export function proxyV1(source: ClaimedClient, destination: ClaimedClient): Buffer {
  const family = isIP(source.address) === 6 ? 'TCP6' : 'TCP4';
  return Buffer.from(`PROXY ${family} ${source.address} ${destination.address} ${source.port} ${destination.port}\r\n`, 'ascii');
}

/** A PROXY protocol v2 header (PROXY over TCP, or LOCAL), as an AWS NLB writes it, with one TLV after the addresses. */
export function proxyV2(source: ClaimedClient | 'local', destination: ClaimedClient): Buffer {
  const signature = Buffer.from('0d0a0d0a000d0a515549540a', 'hex');
  const tlv = Buffer.from([0x04, 0x00, 0x01, 0x00]); // PP2_TYPE_NOOP
  if (source === 'local') return Buffer.concat([signature, Buffer.from([0x20, 0x00, 0x00, tlv.length]), tlv]);
  const six = isIP(source.address) === 6;
  const bytes = (address: string): Buffer => (six ? ipv6Bytes(address) : Buffer.from(address.split('.').map(Number)));
  const ports = Buffer.alloc(4);
  ports.writeUInt16BE(source.port, 0);
  ports.writeUInt16BE(destination.port, 2);
  const addresses = Buffer.concat([bytes(source.address), bytes(destination.address), ports]);
  const fixed = Buffer.from([0x21, six ? 0x21 : 0x11, 0, 0]);
  fixed.writeUInt16BE(addresses.length + tlv.length, 2);
  return Buffer.concat([signature, fixed, addresses, tlv]);
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail = ''] = address.split('::');
  const groups = (part: string): string[] => (part ? part.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = [...groups(head), ...Array<string>(address.includes('::') ? missing : 0).fill('0'), ...groups(tail)];
  return Buffer.from(all.map((g) => g.padStart(4, '0')).join(''), 'hex');
}

export interface RunningProxy {
  port: number;
  close(): Promise<void>;
}

/**
 * A TCP load balancer in front of the gateway (like an AWS NLB with proxy protocol on): it
 * connects to the gateway from `outboundAddress`, sends `header(client)` first, then relays the
 * bytes both ways untouched (TLS included). `header` gets the client socket; by default a v1 line
 * naming the client's own address. With `coalesce` (the default) the header and the client's
 * first bytes (its ClientHello or upgrade request) go in one write, so the gateway reads them in
 * one chunk and must hand what follows the header on; without, the header goes alone.
 */
export async function startTcpProxy(
  targetPort: number,
  outboundAddress: string,
  header: (client: Socket) => Buffer = (client) =>
    proxyV1({ address: client.remoteAddress!, port: client.remotePort! }, { address: '127.0.0.1', port: targetPort }),
  { coalesce = true }: { coalesce?: boolean } = {},
): Promise<RunningProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    client.pause();
    const upstream = connect({ port: targetPort, host: '127.0.0.1', localAddress: outboundAddress }, () => {
      const relay = (): void => {
        client.pipe(upstream).pipe(client);
        client.resume();
      };
      if (!coalesce) {
        upstream.write(header(client));
        return relay();
      }
      client.once('data', (first: Buffer) => {
        client.pause();
        upstream.write(Buffer.concat([header(client), first]));
        relay();
      });
      client.resume();
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  return listening(server, sockets);
}

/**
 * A reverse proxy for WebSocket upgrades (like an ingress controller): it passes the upgrade
 * request on from `outboundAddress`, adding the client's address to `X-Forwarded-For` (after any
 * the client sent, as proxies do), and relays the answer and the socket.
 */
export async function startForwardingProxy(targetPort: number, outboundAddress: string): Promise<RunningProxy> {
  const sockets = new Set<Socket>();
  const server: HttpServer = createHttpServer((_request, response) => response.writeHead(426).end());
  server.on('upgrade', (request: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const prior = request.headers['x-forwarded-for'];
    const forwardedFor = [prior, request.socket.remoteAddress].filter((v) => v !== undefined).join(', ');
    const outgoing = httpRequest({
      host: '127.0.0.1',
      port: targetPort,
      localAddress: outboundAddress,
      method: request.method,
      path: request.url,
      headers: { ...request.headers, 'x-forwarded-for': forwardedFor },
    });
    outgoing.on('upgrade', (answer, upstream: Socket, upstreamHead: Buffer) => {
      sockets.add(upstream);
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.write(head101(answer));
      if (upstreamHead.length > 0) client.write(upstreamHead);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    outgoing.on('response', (answer) => {
      const lines = Object.entries(answer.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`);
      client.end(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\n${lines.join('\r\n')}\r\n\r\n`);
      answer.resume();
    });
    outgoing.on('error', () => client.destroy());
    outgoing.end();
  });
  return listening(server, sockets);
}

function head101(answer: IncomingMessage): string {
  const lines = [];
  for (let i = 0; i < answer.rawHeaders.length; i += 2) lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
  return `HTTP/1.1 101 Switching Protocols\r\n${lines.join('\r\n')}\r\n\r\n`;
}

async function listening(server: Server, sockets: Set<Socket>): Promise<RunningProxy> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
