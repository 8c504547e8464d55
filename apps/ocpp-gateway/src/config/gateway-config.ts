import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { EnvReader, infraConfig, type InfraConfig } from '@voltlane/config';
import { OCPP_VERSIONS, type OcppVersion } from '@voltlane/ocpp';
import { Topics } from '@voltlane/contracts';

export type SecurityProfile = 0 | 1 | 2 | 3;

export interface ListenerConfig {
  port: number;
  host: string;
  securityProfile: SecurityProfile;
  /** PEM paths; required for profiles 2 and 3. */
  tls?: { certFile: string; keyFile: string; caFile?: string };
}

export interface GatewayConfig {
  instanceId: string;
  listeners: ListenerConfig[];
  /** URL path prefixes stations connect under: `<prefix>/<identity>`. */
  pathPrefixes: string[];
  /** Subprotocols in the server's order of preference. */
  protocols: OcppVersion[];
  /** Profile 0 only: let stations without stored credentials connect (lab use). */
  allowUnknownStations: boolean;
  maxFrameBytes: number;
  perMessageDeflate: boolean;
  pingIntervalMs: number;
  /** How long a station CALL may wait for the answering service before the gateway answers. */
  callReplyTimeoutMs: number;
  /** Queued CSMS→station calls per connection beyond the one in flight. */
  commandQueueLimit: number;
  /** Outstanding station CALLs per connection awaiting an answer. */
  maxPendingCalls: number;
  /** A connection must finish its HTTP upgrade request (and TLS handshake) within this time. */
  handshakeTimeoutMs: number;
  /** Bytes queued for a station that does not read; beyond this the socket is cut off. */
  maxBufferedBytes: number;
  /** Deepest JSON nesting accepted in a frame (arrays and objects). */
  maxJsonDepth: number;
  /** Failed handshakes per identity and per source address within windowMs before 429. */
  authFailureLimit: { windowMs: number; maxPerIdentity: number; maxPerAddress: number };
  rateLimit: { perSecond: number; burst: number };
  answerHeartbeatLocally: boolean;
  /** Answer CALLs other than BootNotification with SecurityError until the Boot is Accepted. */
  requireBootAccepted: boolean;
  validateOutboundReplies: boolean;
  registryTtlMs: number;
  /** /metrics and /health/* on this port (0 = any free port, -1 = off). */
  ops: { port: number; host: string };
  drain: { windowMs: number; replyGraceMs: number };
  batch: { maxBatchSize: number; lingerMs: number };
  topics: { inbound: string; connections: string };
  infra: InfraConfig;
}

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const env = new EnvReader(source);
  const profile = env.int('OCPP_SECURITY_PROFILE', 1, { min: 0, max: 3 }) as SecurityProfile;
  const listeners: ListenerConfig[] = [
    {
      port: env.int('OCPP_PORT', 9000, { min: 0, max: 65535 }),
      host: env.string('OCPP_HOST', '0.0.0.0'),
      securityProfile: profile,
      ...(profile >= 2
        ? {
            tls: {
              certFile: env.string('OCPP_TLS_CERT_FILE'),
              keyFile: env.string('OCPP_TLS_KEY_FILE'),
              ...(profile === 3 ? { caFile: env.string('OCPP_TLS_CA_FILE') } : {}),
            },
          }
        : {}),
    },
  ];
  const config: GatewayConfig = {
    instanceId: env.string('GATEWAY_INSTANCE_ID', `${hostname()}-${randomBytes(3).toString('hex')}`),
    listeners,
    pathPrefixes: env.list('OCPP_PATH_PREFIXES', ['/ocpp']).map(normalizePrefix),
    protocols: env.list<OcppVersion>('OCPP_PROTOCOLS', ['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'], OCPP_VERSIONS),
    allowUnknownStations: env.bool('OCPP_ALLOW_UNKNOWN_STATIONS', false),
    maxFrameBytes: env.int('OCPP_MAX_FRAME_BYTES', 256 * 1024, { min: 1024, max: 64 * 1024 * 1024 }),
    perMessageDeflate: env.bool('OCPP_PERMESSAGE_DEFLATE', true),
    pingIntervalMs: env.int('OCPP_PING_INTERVAL_MS', 30_000, { min: 100 }),
    callReplyTimeoutMs: env.int('GATEWAY_CALL_REPLY_TIMEOUT_MS', 20_000, { min: 10 }),
    commandQueueLimit: env.int('GATEWAY_COMMAND_QUEUE_LIMIT', 16, { min: 0 }),
    maxPendingCalls: env.int('GATEWAY_MAX_PENDING_CALLS', 64, { min: 1 }),
    handshakeTimeoutMs: env.int('OCPP_HANDSHAKE_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 }),
    maxBufferedBytes: env.int('GATEWAY_MAX_BUFFERED_BYTES', 4 * 1024 * 1024, { min: 1024 }),
    maxJsonDepth: env.int('GATEWAY_MAX_JSON_DEPTH', 64, { min: 4, max: 10_000 }),
    authFailureLimit: {
      windowMs: env.int('GATEWAY_AUTH_FAILURE_WINDOW_MS', 300_000, { min: 1_000 }),
      maxPerIdentity: env.int('GATEWAY_AUTH_FAILURE_MAX_PER_IDENTITY', 10, { min: 1 }),
      maxPerAddress: env.int('GATEWAY_AUTH_FAILURE_MAX_PER_ADDRESS', 100, { min: 1 }),
    },
    rateLimit: {
      perSecond: env.int('GATEWAY_RATE_LIMIT_PER_SECOND', 50, { min: 1 }),
      burst: env.int('GATEWAY_RATE_LIMIT_BURST', 200, { min: 1 }),
    },
    answerHeartbeatLocally: env.bool('GATEWAY_LOCAL_HEARTBEAT', true),
    requireBootAccepted: env.bool('GATEWAY_REQUIRE_BOOT_ACCEPTED', true),
    validateOutboundReplies: env.bool('GATEWAY_VALIDATE_REPLIES', true),
    registryTtlMs: env.int('GATEWAY_REGISTRY_TTL_MS', 90_000, { min: 1_000 }),
    ops: { port: env.int('GATEWAY_OPS_PORT', 9100, { min: -1, max: 65535 }), host: env.string('GATEWAY_OPS_HOST', '0.0.0.0') },
    drain: {
      windowMs: env.int('GATEWAY_DRAIN_WINDOW_MS', 10_000, { min: 0 }),
      replyGraceMs: env.int('GATEWAY_DRAIN_REPLY_GRACE_MS', 5_000, { min: 0 }),
    },
    batch: {
      maxBatchSize: env.int('GATEWAY_KAFKA_BATCH_SIZE', 500, { min: 1 }),
      lingerMs: env.int('GATEWAY_KAFKA_LINGER_MS', 2, { min: 0 }),
    },
    topics: {
      inbound: env.string('TOPIC_OCPP_INBOUND', Topics.OcppInbound + env.string('TOPIC_SUFFIX', '')),
      connections: env.string('TOPIC_STATION_CONNECTIONS', Topics.StationConnections + env.string('TOPIC_SUFFIX', '')),
    },
    infra: infraConfig(env, 'ocpp-gateway'),
  };
  env.done();
  return config;
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
