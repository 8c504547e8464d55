import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ListenerConfig } from '../config/gateway-config';

/** Accept queue length requested from the kernel (capped by net.core.somaxconn). */
export const LISTEN_BACKLOG = 8_192;

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer, listener: ListenerConfig) => void;

/**
 * One HTTP(S) server per security profile. Plain requests get 426; upgrades go to the
 * gateway. Profile 2 and 3 listeners are TLS (≥ 1.2); profile 3 requires a client
 * certificate signed by the configured CA.
 */
export class OcppListener {
  readonly server: Server;

  /**
   * `handshakeTimeoutMs` bounds the TLS handshake and the upgrade request's headers: a client
   * that sends them slowly (slowloris) or not at all is disconnected and its fd freed.
   */
  constructor(readonly config: ListenerConfig, onUpgrade: UpgradeHandler, handshakeTimeoutMs = 10_000) {
    // Node checks the headers deadline every connectionsCheckingInterval (30 s by default).
    const timing = { connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(handshakeTimeoutMs / 4))) };
    this.server = config.tls ? this.tlsServer(config, timing, handshakeTimeoutMs) : createHttpServer(timing);
    this.server.headersTimeout = handshakeTimeoutMs;
    this.server.requestTimeout = handshakeTimeoutMs;
    this.server.on('request', (request: IncomingMessage, response) => {
      const healthy = request.url === '/health' || request.url === '/healthz';
      response.writeHead(healthy ? 200 : 426, { 'Content-Type': 'text/plain', ...(healthy ? {} : { Upgrade: 'websocket' }) });
      response.end(healthy ? 'ok\n' : 'OCPP stations connect here with a WebSocket upgrade\n');
    });
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      onUpgrade(request, socket, head, config);
    });
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      // A reconnect storm sends thousands of SYNs at once: Node's default accept backlog (511)
      // overflows while the loop is busy; the kernel caps this at net.core.somaxconn.
      this.server.listen({ port: this.config.port, host: this.config.host, backlog: LISTEN_BACKLOG }, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting; existing sockets stay open. */
  stopAccepting(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private tlsServer(config: ListenerConfig, timing: { connectionsCheckingInterval: number }, handshakeTimeoutMs: number): Server {
    const tls = config.tls;
    if (!tls) throw new Error('TLS listener without TLS settings');
    return createHttpsServer({
      ...timing,
      handshakeTimeout: handshakeTimeoutMs,
      cert: readFileSync(tls.certFile),
      key: readFileSync(tls.keyFile),
      minVersion: 'TLSv1.2',
      ...(config.securityProfile === 3 && tls.caFile
        ? { ca: readFileSync(tls.caFile), requestCert: true, rejectUnauthorized: true }
        : {}),
    });
  }
}
