import { randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import { ocppValidator, serializeFrame, type OcppValidator, type OcppVersion } from '@voltlane/ocpp';
import { replyChannelOf, type StationConnectionEvent, type TakeoverEnvelope } from '@voltlane/contracts';
import type {
  BootStatus,
  BootStatusStore,
  ConnectionRegistry,
  EventPublisher,
  ReplyChannel,
  StationCredentialStore,
} from '@voltlane/messaging';
import type { ClientAddress } from '@voltlane/security';
import type { GatewayConfig, ListenerConfig, SecurityProfile } from './config/gateway-config';
import { negotiateProtocol, parseIdentity } from './auth/handshake-request';
import { PasswordChecker } from './auth/password-checker';
import { StationAuthenticator } from './auth/station-authenticator';
import { AuthFailureLimiter, InMemoryAuthFailureCounter, type AuthFailureCounter } from './auth/auth-failure-limiter';
import { HandshakeGuard, clientFields } from './auth/handshake-guard';
import { jsonDepthExceeds, tooDeepReply } from './connection/json-depth';
import { ReplyDeadlines } from './connection/reply-deadlines';
import { StationConnection } from './connection/station-connection';
import { GatewayStats } from './gateway-stats';
import { MessageLogRecorder } from './message-log/message-log-recorder';
import { CommandDispatcher } from './routing/command-dispatcher';
import { ReplyRouter } from './routing/reply-router';
import { StationFrameHandler } from './routing/station-frame-handler';
import { refuseUpgrade } from './server/http-refusal';
import { OcppListener } from './server/ocpp-listener';

export interface GatewayDeps {
  config: GatewayConfig;
  publisher: EventPublisher;
  replyChannel: ReplyChannel;
  registry: ConnectionRegistry;
  credentials: StationCredentialStore;
  bootStatus: BootStatusStore;
  logger: Logger;
  validator?: OcppValidator;
  /** Failed-authentication counters; shared (Redis) across instances in distributed mode. */
  authFailures?: AuthFailureCounter;
}

/**
 * The OCPP gateway: terminates station WebSockets, hands valid CALLs to the bus, and delivers
 * replies and commands that arrive on its own reply channel. Holds no state beyond its sockets.
 */
export class OcppGateway {
  readonly stats = new GatewayStats();
  /** The OCPP message log: every frame in and out, batched on ocpp.frames.v1. */
  readonly messageLog: MessageLogRecorder;
  private readonly connections = new Map<string, StationConnection>();
  private readonly negotiated = new WeakMap<IncomingMessage, OcppVersion>();
  private readonly wss: WebSocketServer;
  private readonly listeners: OcppListener[];
  private readonly handshakeGuard: HandshakeGuard;
  private readonly deadlines: ReplyDeadlines;
  private readonly commands: CommandDispatcher;
  private readonly frames: StationFrameHandler;
  private readonly router: ReplyRouter;
  private readonly timers: NodeJS.Timeout[] = [];
  private channel: { close(): Promise<void> } | undefined;
  private draining = false;

  constructor(private readonly deps: GatewayDeps) {
    const { config, logger } = deps;
    const validator = deps.validator ?? ocppValidator;
    for (const protocol of config.protocols) validator.precompile(protocol);
    const authenticator = new StationAuthenticator(deps.credentials, new PasswordChecker(), config.allowUnknownStations);
    const limiter = new AuthFailureLimiter(deps.authFailures ?? new InMemoryAuthFailureCounter(), config.authFailureLimit);
    this.handshakeGuard = new HandshakeGuard(authenticator, limiter, this.stats, logger);
    this.deadlines = new ReplyDeadlines(config.callReplyTimeoutMs);
    this.messageLog = new MessageLogRecorder(
      config.messageLog,
      deps.publisher,
      config.topics.frames,
      config.instanceId,
      this.stats,
      logger,
    );
    this.commands = new CommandDispatcher(deps.replyChannel, validator, config.commandQueueLimit, this.stats, logger);
    this.frames = new StationFrameHandler(config, deps.publisher, validator, this.deadlines, this.commands, this.stats, logger);
    this.router = new ReplyRouter(
      this.connections,
      this.frames,
      this.commands,
      config.validateOutboundReplies ? validator : undefined,
      this.stats,
      logger,
    );
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: config.maxFrameBytes,
      perMessageDeflate: config.perMessageDeflate ? { threshold: 1024, concurrencyLimit: 4 } : false,
      handleProtocols: (_offered, request) => this.negotiated.get(request) ?? false,
    });
    this.listeners = config.listeners.map(
      (l) =>
        new OcppListener(l, (req, socket, head, listener, client) => void this.onUpgrade(req, socket, head, listener, client), {
          handshakeTimeoutMs: config.handshakeTimeoutMs,
          trustedProxies: config.trustedProxies,
          stats: this.stats,
          logger: deps.logger,
        }),
    );
  }

  get instanceId(): string {
    return this.deps.config.instanceId;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  connectionsByProtocol(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const c of this.connections.values()) counts[c.protocol] = (counts[c.protocol] ?? 0) + 1;
    return counts;
  }

  /** False while draining or stopped. */
  get accepting(): boolean {
    return !this.draining;
  }

  /** Listens on the reply channel, then opens the listeners; resolves with their ports. */
  async start(): Promise<number[]> {
    this.channel = await this.deps.replyChannel.listen(replyChannelOf(this.instanceId), (m) => this.router.onMessage(m));
    const ports = await Promise.all(this.listeners.map((l) => l.listen()));
    const { config } = this.deps;
    this.every(Math.max(10, Math.min(250, config.callReplyTimeoutMs / 4)), () => this.expireCalls());
    this.every(config.pingIntervalMs, () => this.pingAll());
    this.every(Math.max(1_000, config.registryTtlMs / 3), () => void this.refreshRegistry());
    this.deps.logger.info({ instanceId: this.instanceId, ports, protocols: config.protocols }, 'OCPP gateway listening');
    return ports;
  }

  /**
   * Graceful shutdown: stop accepting, give in-flight CALLs time to be answered, then close the
   * sockets with 1012 spread over the drain window so stations do not reconnect all at once.
   */
  async drain(): Promise<void> {
    this.draining = true;
    const { windowMs, replyGraceMs } = this.deps.config.drain;
    const stopped = Promise.all(this.listeners.map((l) => l.stopAccepting()));
    await this.waitUntil(() => [...this.connections.values()].every((c) => c.pendingCalls.size === 0), replyGraceMs);
    for (const connection of this.connections.values()) {
      setTimeout(() => connection.close(1012, 'Service restarting'), Math.random() * windowMs).unref();
    }
    await this.waitUntil(() => this.connections.size === 0, windowMs + 2_000);
    for (const connection of this.connections.values()) connection.socket.terminate();
    await stopped;
    await this.shutdown();
  }

  /** Immediate stop (tests, fatal errors): closes every socket with 1001. */
  async stop(): Promise<void> {
    this.draining = true;
    const stopped = Promise.all(this.listeners.map((l) => l.stopAccepting()));
    for (const connection of this.connections.values()) connection.close(1001, 'Going away');
    await this.waitUntil(() => this.connections.size === 0, 2_000);
    for (const connection of this.connections.values()) connection.socket.terminate();
    await stopped;
    await this.shutdown();
  }

  private async shutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.channel?.close();
    this.wss.close();
    // Every socket is closed: the frames still buffered go out before the publisher closes.
    await this.messageLog.close();
  }

  private async onUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    listener: ListenerConfig,
    client: ClientAddress,
  ): Promise<void> {
    const refuse = (status: number, reason: string, headers: Record<string, string> = {}): void => {
      this.stats.refused(reason);
      this.deps.logger.info(
        { event: 'security.handshake_refused', url: request.url, status, reason, ...clientFields(client) },
        'station handshake refused',
      );
      refuseUpgrade(socket, status, headers);
    };
    try {
      if (this.draining) return refuse(503, 'draining');
      const identity = parseIdentity(request.url ?? '', this.deps.config.pathPrefixes);
      if (!identity.ok) return refuse(identity.reason.startsWith('path') ? 404 : 400, identity.reason);
      const protocol = negotiateProtocol(request.headers['sec-websocket-protocol'], this.deps.config.protocols);
      if (!protocol) return refuse(400, 'no supported OCPP subprotocol offered');
      // The boot status is read beside the authentication reads (one Redis round trip for all
      // three in a reconnect storm, not three one after another); it is only used when admitted.
      const [decision, bootStatus] = await Promise.all([
        this.handshakeGuard.admit(request, identity.identity, listener.securityProfiles, client),
        this.deps.config.requireBootAccepted ? this.deps.bootStatus.get(identity.identity) : Promise.resolve<BootStatus | null>('Accepted'),
      ]);
      if (!decision.ok) return refuse(decision.status, decision.reason, decision.headers);
      if (socket.destroyed) return;
      if (this.draining) return refuse(503, 'draining');
      this.negotiated.set(request, protocol);
      const admitted = decision;
      this.wss.handleUpgrade(request, socket, head, (ws) => this.onOpen(ws, identity.identity, protocol, admitted, bootStatus, client));
    } catch (error) {
      this.deps.logger.error({ err: error, url: request.url }, 'handshake failed');
      refuse(500, 'internal error');
    }
  }

  private onOpen(
    ws: WebSocket,
    stationId: string,
    protocol: OcppVersion,
    admission: { profile: SecurityProfile; provedCredential?: string },
    bootStatus: BootStatus | null,
    client: ClientAddress,
  ): void {
    const { config, logger, registry } = this.deps;
    const { profile, provedCredential } = admission;
    const connection = new StationConnection(
      ws,
      stationId,
      randomUUID(),
      protocol,
      profile,
      new Date().toISOString(),
      config.rateLimit,
      bootStatus,
      config.maxBufferedBytes,
      this.messageLog,
    );
    const previous = this.connections.get(stationId);
    this.connections.set(stationId, connection);
    this.stats.connectionsOpened++;
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(connection, data, isBinary));
    ws.on('pong', () => void (connection.alive = true));
    ws.on('error', (error) => logger.debug({ err: error, stationId }, 'socket error'));
    ws.on('close', (code: number, reason: Buffer) => this.onClose(connection, code, reason.toString('utf8')));
    previous?.close(4001, 'Replaced by a newer connection');
    registry
      .claim(
        stationId,
        { gatewayInstance: this.instanceId, connectionId: connection.connectionId, protocol, connectedAt: connection.connectedAt },
        config.registryTtlMs,
      )
      .then((old) => {
        if (old && old.gatewayInstance !== this.instanceId) {
          const takeover: TakeoverEnvelope = { kind: 'takeover', stationId, connectionId: old.connectionId };
          return this.deps.replyChannel.send(replyChannelOf(old.gatewayInstance), JSON.stringify(takeover));
        }
        return undefined;
      })
      .catch((error: unknown) => logger.error({ err: error, stationId }, 'could not register the connection'));
    this.publishConnectionEvent(connection, { type: 'Connected', ...(provedCredential ? { provedCredential } : {}) });
    logger.info(
      {
        stationId,
        protocol,
        connectionId: connection.connectionId,
        securityProfile: profile,
        ...(provedCredential ? { provedCredential } : {}),
        ...clientFields(client),
      },
      'station connected',
    );
  }

  private onMessage(connection: StationConnection, data: RawData, isBinary: boolean): void {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const text = buffer.toString('utf8');
    if (isBinary && !isUtf8(buffer)) {
      this.messageLog.record(connection, 'in', text, null);
      connection.close(1007, 'OCPP-J frames are UTF-8 text');
      return;
    }
    if (jsonDepthExceeds(text, this.deps.config.maxJsonDepth)) {
      this.messageLog.record(connection, 'in', text, null);
      this.stats.invalidFrames++;
      connection.send(serializeFrame(tooDeepReply(connection.protocol, text, this.deps.config.maxJsonDepth)), null);
      return;
    }
    this.frames.onFrame(connection, text);
  }

  private onClose(connection: StationConnection, code: number, reason: string): void {
    if (connection.closed) return;
    connection.closed = true;
    if (this.connections.get(connection.stationId) === connection) this.connections.delete(connection.stationId);
    this.stats.connectionsClosed++;
    if (connection.overflowed) {
      this.stats.slowReadersCut++;
      this.deps.logger.warn(
        { stationId: connection.stationId, connectionId: connection.connectionId, maxBufferedBytes: this.deps.config.maxBufferedBytes },
        'station cut off: it does not read its socket',
      );
    }
    for (const pending of connection.pendingCalls.values()) pending.span.end();
    connection.pendingCalls.clear();
    this.commands.onClosed(connection);
    this.deps.registry
      .release(connection.stationId, connection.connectionId)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, stationId: connection.stationId }, 'could not release the registry entry'),
      );
    this.publishConnectionEvent(connection, { type: 'Disconnected', closeCode: code, reason });
    this.deps.logger.info({ stationId: connection.stationId, connectionId: connection.connectionId, code, reason }, 'station disconnected');
  }

  private publishConnectionEvent(
    connection: StationConnection,
    event: Pick<StationConnectionEvent, 'type' | 'closeCode' | 'reason' | 'provedCredential'>,
  ): void {
    const payload: StationConnectionEvent = {
      ...event,
      stationId: connection.stationId,
      protocol: connection.protocol,
      gatewayInstance: this.instanceId,
      connectionId: connection.connectionId,
      securityProfile: connection.securityProfile,
      at: new Date().toISOString(),
    };
    this.deps.publisher
      .publish({ topic: this.deps.config.topics.connections, key: connection.stationId, value: JSON.stringify(payload) })
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, stationId: connection.stationId }, 'could not publish a connection event'),
      );
  }

  private expireCalls(): void {
    this.deadlines.sweep((connection, messageId) => {
      this.stats.replyTimeouts++;
      this.frames.expireCall(connection, messageId);
    });
  }

  private pingAll(): void {
    for (const connection of this.connections.values()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  /** Keeps registry entries alive; re-claims lost ones, closes connections taken over elsewhere. */
  private async refreshRegistry(): Promise<void> {
    const { registry, config, logger } = this.deps;
    await Promise.all(
      [...this.connections.values()].map(async (c) => {
        try {
          if (await registry.refresh(c.stationId, c.connectionId, config.registryTtlMs)) return;
          const owner = await registry.lookup(c.stationId);
          if (c.closed) return;
          if (!owner) {
            await registry.claim(
              c.stationId,
              { gatewayInstance: this.instanceId, connectionId: c.connectionId, protocol: c.protocol, connectedAt: c.connectedAt },
              config.registryTtlMs,
            );
          } else if (owner.connectionId !== c.connectionId) {
            c.close(4001, 'Replaced by a newer connection');
          }
        } catch (error) {
          logger.warn({ err: error, stationId: c.stationId }, 'registry refresh failed');
        }
      }),
    );
  }

  private every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private async waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }
}
