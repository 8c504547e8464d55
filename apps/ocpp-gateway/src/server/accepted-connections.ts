import type { Server, Socket } from 'node:net';
import { normalizeAddress, type TrustedProxies } from '@voltlane/security';
import { parseProxyHeader } from './proxy-protocol';

/** Why a connection was closed before its PROXY header was read (labels a metric). */
export type ProxyRefusal = 'proxy_untrusted_peer' | 'proxy_header_invalid' | 'proxy_header_timeout';

export interface ProxyProtocolOptions {
  /** Only these peers may send a PROXY header; any other connection is closed at once. */
  trusted: TrustedProxies;
  /** The header must arrive within this time. */
  timeoutMs: number;
  onRefused(refusal: ProxyRefusal, peer: string, detail: string): void;
}

/** Where an accepted connection came from: its TCP peer and, behind a PROXY protocol balancer, the client it named. */
export interface ConnectionOrigin {
  peer: string;
  /** The source address of the connection's PROXY header; absent for LOCAL and UNKNOWN headers. */
  proxied?: string;
}

/**
 * The origin of each connection a listener accepted, noted as it was accepted: a TLS socket that
 * failed its handshake is destroyed before anyone reads its address, and its PROXY header is long gone.
 */
export class ConnectionOrigins {
  private readonly origins = new WeakMap<object, ConnectionOrigin>();

  /** The origin of the TCP socket, or of the TCP socket under a TLS socket (`_parent`, which TLSSocket has always had). */
  of(socket: object): ConnectionOrigin | undefined {
    const parent = (socket as { _parent?: unknown })._parent;
    return this.origins.get(socket) ?? (typeof parent === 'object' && parent !== null ? this.origins.get(parent) : undefined);
  }

  note(socket: Socket, origin: ConnectionOrigin): void {
    this.origins.set(socket, origin);
  }
}

/**
 * Notes where every connection of `server` (HTTP or HTTPS) came from before the server sees it.
 * With `proxy`, each connection must first send a PROXY protocol header (v1 or v2), read on the
 * raw TCP socket, so before TLS too: a connection from a peer that is not a trusted proxy, or
 * whose header is malformed or late, is closed without a word; otherwise the rest of the stream
 * goes to the server as if it had just connected.
 */
export function acceptConnections(server: Server, proxy?: ProxyProtocolOptions): ConnectionOrigins {
  const origins = new ConnectionOrigins();
  // The server's own connection handling (HTTP parser, TLS handshake) runs after ours.
  const handlers = server.listeners('connection') as ((socket: Socket) => void)[];
  const handOver = (socket: Socket): void => {
    for (const handler of handlers) handler.call(server, socket);
  };
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const peer = normalizeAddress(socket.remoteAddress ?? 'unknown');
    if (!proxy) {
      origins.note(socket, { peer });
      return handOver(socket);
    }
    if (!proxy.trusted.trusts(peer)) {
      socket.destroy();
      proxy.onRefused('proxy_untrusted_peer', peer, 'a connection from a peer that is not a trusted proxy (TRUSTED_PROXIES)');
      return;
    }
    readProxyHeader(socket, peer, proxy, (proxied) => {
      origins.note(socket, { peer, ...(proxied ? { proxied } : {}) });
      handOver(socket);
    });
  });
  return origins;
}

/** Reads the header, puts back what follows it, and calls `done` with the source it named (if any). */
function readProxyHeader(socket: Socket, peer: string, options: ProxyProtocolOptions, done: (proxied: string | undefined) => void): void {
  let received = Buffer.alloc(0);
  const stop = (): void => {
    clearTimeout(timer);
    socket.off('readable', onReadable);
    socket.off('error', onError);
    socket.off('close', stop);
  };
  const refuse = (refusal: ProxyRefusal, detail: string): void => {
    stop();
    socket.destroy();
    options.onRefused(refusal, peer, detail);
  };
  const timer = setTimeout(() => refuse('proxy_header_timeout', `no PROXY header within ${options.timeoutMs} ms`), options.timeoutMs);
  const onError = (): void => void socket.destroy();
  const onReadable = (): void => {
    let chunk: Buffer | null;
    while ((chunk = socket.read() as Buffer | null) !== null) received = Buffer.concat([received, chunk]);
    const result = parseProxyHeader(received);
    if (result.kind === 'incomplete') return;
    if (result.kind === 'invalid') return refuse('proxy_header_invalid', result.reason);
    stop();
    const rest = received.subarray(result.length);
    // Back in front of the stream: the HTTP parser or the TLS socket reads it first.
    if (rest.length > 0) socket.unshift(rest);
    const { header } = result;
    done(header.command === 'proxy' && header.source ? header.source.address : undefined);
  };
  socket.on('readable', onReadable);
  socket.on('error', onError);
  // Closed before a whole header (a balancer's TCP health check): nothing to refuse.
  socket.on('close', stop);
}
