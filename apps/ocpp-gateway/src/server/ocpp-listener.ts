import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { resolveClientAddress, type ClientAddress, type TrustedProxies } from '@voltlane/security';
import type { ListenerConfig } from '../config/gateway-config';
import type { GatewayStats } from '../gateway-stats';
import { acceptConnections, type ConnectionOrigins } from './accepted-connections';
import { clientCertificatePolicy, readTlsMaterial } from './tls-credentials';

/** Accept queue length requested from the kernel (capped by net.core.somaxconn). */
export const LISTEN_BACKLOG = 8_192;

/** `client`: the station's address, behind trusted proxies as they say (see clientAddress). */
export type UpgradeHandler = (
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  listener: ListenerConfig,
  client: ClientAddress,
) => void;

export interface OcppListenerOptions {
  /** The TLS handshake, the PROXY header and the upgrade request's headers must each arrive within this. */
  handshakeTimeoutMs: number;
  /** Proxies whose X-Forwarded-For and PROXY header name the client (TRUSTED_PROXIES). */
  trustedProxies: TrustedProxies;
  /** Counts connections refused before their upgrade request (PROXY header, TLS handshake). */
  stats: GatewayStats;
  logger?: Logger;
}

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
  /** TLS or PROXY protocol listeners: where each connection came from, noted as it was accepted. */
  private readonly origins: ConnectionOrigins | undefined;
  private readonly logger: Logger | undefined;

  /**
   * `handshakeTimeoutMs` bounds the TLS handshake and the upgrade request's headers: a client
   * that sends them slowly (slowloris) or not at all is disconnected and its fd freed.
   * With `config.proxyProtocol`, every connection starts with a PROXY header from a trusted proxy,
   * read on the raw TCP socket (before TLS).
   */
  constructor(
    readonly config: ListenerConfig,
    onUpgrade: UpgradeHandler,
    private readonly options: OcppListenerOptions,
  ) {
    const { handshakeTimeoutMs, logger } = options;
    this.logger = logger;
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
      onUpgrade(request, socket, head, config, this.clientAddress(request));
    });
    this.server.on('clientError', (_error, socket) => socket.destroy());
    if (config.tls) this.server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => this.onTlsError(error, socket));
    if (config.proxyProtocol) {
      this.origins = acceptConnections(this.server, {
        trusted: options.trustedProxies,
        timeoutMs: handshakeTimeoutMs,
        onRefused: (refusal, peer, detail) => {
          options.stats.refused(refusal);
          logger?.warn(
            { event: 'security.connection_refused', reason: refusal, detail, peerAddress: peer, port: config.port },
            'connection refused before its PROXY protocol header was read',
          );
        },
      });
    } else if (config.tls) {
      // A TLS socket refused for its certificate is destroyed before its address is read: note it first.
      this.origins = acceptConnections(this.server);
    }
  }

  /**
   * The client's address: the TCP peer's, or, when the peer is a trusted proxy, the address its
   * PROXY header named and then the right-most untrusted hop of X-Forwarded-For.
   */
  clientAddress(request: Pick<IncomingMessage, 'socket' | 'headers'>): ClientAddress {
    return this.resolve(request.socket, request.headers['x-forwarded-for']);
  }

  private resolve(socket: Duplex & { remoteAddress?: string }, forwardedFor: string | string[] | undefined): ClientAddress {
    const origin = this.origins?.of(socket);
    return resolveClientAddress(origin?.peer ?? socket.remoteAddress, forwardedFor, this.options.trustedProxies, origin?.proxied);
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

  /**
   * A failed TLS handshake. A refused client certificate (profile 3) is a failed authentication;
   * a connection reset before the handshake is what TCP probes do, so it is only a debug line.
   */
  private onTlsError(error: NodeJS.ErrnoException, socket: TLSSocket): void {
    // A certificate that does not verify: Node ends the handshake and reports a reset; the reason is on the socket.
    const certificateError = socket.authorizationError
      ? String(socket.authorizationError)
      : /CERTIFICATE/i.test(error.code ?? '')
        ? error.code
        : undefined;
    const reason = certificateError ?? error.code ?? error.message;
    const client = this.resolve(socket, undefined);
    const where = {
      clientAddress: client.address,
      ...(client.via ? { peerAddress: client.peer } : {}),
      listenerProfiles: this.config.securityProfiles,
      port: this.config.port,
    };
    if (reason === 'ECONNRESET') return void this.logger?.debug({ ...where, reason }, 'TLS connection reset before the handshake ended');
    this.options.stats.refused('tls_handshake_failed');
    if (certificateError) {
      this.options.stats.authFailed('bad_certificate');
      this.logger?.warn(
        {
          event: 'security.auth_failed',
          securityEvent: 'StationCertificateRefused',
          ...where,
          reason: `TLS client certificate: ${reason}`,
        },
        'security event: station authentication refused',
      );
      return;
    }
    this.logger?.info(
      { event: 'security.handshake_refused', ...where, reason: `TLS handshake: ${reason}` },
      'station TLS handshake failed',
    );
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
