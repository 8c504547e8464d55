import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { ListenerConfig } from '../config/gateway-config';
import { clientCertificatePolicy, readTlsMaterial } from './tls-credentials';

/** Accept queue length requested from the kernel (capped by net.core.somaxconn). */
export const LISTEN_BACKLOG = 8_192;

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer, listener: ListenerConfig) => void;

/**
 * One HTTP(S) server per listener. Plain requests get 426; upgrades go to the gateway. Profile 2
 * and 3 listeners are TLS (1.2 and 1.3), with one or more certificate chains (RSA and ECDSA);
 * profile 3 asks for a client certificate signed by the configured CA; a listener may serve both
 * 2 and 3 on one URL. The certificate files are re-read every `reloadIntervalMs`: a renewed
 * certificate is used for new handshakes, and open connections stay as they are.
 */
export class OcppListener {
  readonly server: Server;
  private reloadTimer: NodeJS.Timeout | undefined;
  private tlsDigest: string | undefined;

  /**
   * `handshakeTimeoutMs` bounds the TLS handshake and the upgrade request's headers: a client
   * that sends them slowly (slowloris) or not at all is disconnected and its fd freed.
   */
  constructor(
    readonly config: ListenerConfig,
    onUpgrade: UpgradeHandler,
    handshakeTimeoutMs = 10_000,
    private readonly logger?: Logger,
  ) {
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
        this.startReloading();
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting; existing sockets stay open. */
  stopAccepting(): Promise<void> {
    if (this.reloadTimer) clearInterval(this.reloadTimer);
    this.reloadTimer = undefined;
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Re-reads the certificate files and, if they changed, uses them for new handshakes. A file
   * that cannot be read or does not make a context keeps the current one (and says why).
   */
  reloadTls(): 'reloaded' | 'unchanged' | 'failed' {
    const tls = this.config.tls;
    if (!tls) return 'unchanged';
    try {
      const material = readTlsMaterial(tls, this.config.securityProfiles);
      if (material.digest === this.tlsDigest) return 'unchanged';
      // Throws on material that makes no context, leaving the current one in place.
      (this.server as HttpsServer).setSecureContext(material.options);
      this.tlsDigest = material.digest;
      this.logger?.info(
        { port: this.config.port, certFiles: tls.certFiles },
        'TLS certificates reloaded: new handshakes use them, open connections stay',
      );
      return 'reloaded';
    } catch (error) {
      this.logger?.error({ err: error, certFiles: tls.certFiles }, 'TLS certificates not reloaded: the current ones stay in use');
      return 'failed';
    }
  }

  private startReloading(): void {
    const interval = this.config.tls?.reloadIntervalMs ?? 0;
    if (interval <= 0 || this.reloadTimer) return;
    this.reloadTimer = setInterval(() => this.reloadTls(), interval);
    this.reloadTimer.unref();
  }

  private tlsServer(config: ListenerConfig, timing: { connectionsCheckingInterval: number }, handshakeTimeoutMs: number): Server {
    const tls = config.tls;
    if (!tls) throw new Error('TLS listener without TLS settings');
    const material = readTlsMaterial(tls, config.securityProfiles);
    this.tlsDigest = material.digest;
    return createHttpsServer({
      ...timing,
      handshakeTimeout: handshakeTimeoutMs,
      ...material.options,
      ...clientCertificatePolicy(tls, config.securityProfiles),
    });
  }
}
