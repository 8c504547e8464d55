import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { DEFAULT_CIPHERS } from 'node:tls';
import { EnvReader, infraConfig, type InfraConfig } from '@voltlane/config';
import { OCPP_VERSIONS, type OcppVersion } from '@voltlane/ocpp';
import { Topics } from '@voltlane/contracts';

export type SecurityProfile = 0 | 1 | 2 | 3;

/** The TLS side of a profile 2/3 listener (PEM paths, re-read when they change). */
export interface ListenerTls {
  /** One certificate chain per key, in the same order (e.g. an RSA and an ECDSA chain): the client's offer picks one. */
  certFiles: string[];
  keyFiles: string[];
  /** The CA that signs stations' client certificates: required when the listener serves profile 3. */
  caFile?: string;
  /** OpenSSL cipher list for TLS 1.2 (TLS 1.3 suites are always on). */
  ciphers: string;
  /** How often the files are checked for a new certificate (0: never). */
  reloadIntervalMs: number;
}

export interface ListenerConfig {
  port: number;
  host: string;
  /** One profile, or 2 and 3 on one wss:// URL (each station held to its own). */
  securityProfiles: SecurityProfile[];
  /** Required for profiles 2 and 3. */
  tls?: ListenerTls;
}

/**
 * The TLS 1.2 suites OCPP requires (1.6 security whitepaper, 2.0.1 A00.FR.318/319/321/322/421),
 * first, then Node's other defaults. TLS_RSA_WITH_AES_*_GCM (static RSA key exchange) are not in
 * OpenSSL's DEFAULT list on every build, so they are named.
 */
export const OCPP_TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
];

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
  const listeners: ListenerConfig[] = [
    {
      port: env.int('OCPP_PORT', 9000, { min: 0, max: 65535 }),
      host: env.string('OCPP_HOST', '0.0.0.0'),
      ...listenerSecurity(env),
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

/** OCPP_SECURITY_PROFILE (`1`, or `2,3` for one TLS URL serving both) and its TLS files. */
function listenerSecurity(env: EnvReader): Pick<ListenerConfig, 'securityProfiles' | 'tls'> {
  const raw = env.list('OCPP_SECURITY_PROFILE', ['1']);
  const profiles = [...new Set(raw.map(Number))].sort() as SecurityProfile[];
  if (profiles.some((p) => !Number.isInteger(p) || p < 0 || p > 3)) {
    env.invalid('OCPP_SECURITY_PROFILE', `must be a profile 0–3, or 2,3 for one TLS listener serving both; got "${raw.join(',')}"`);
    return { securityProfiles: [1] };
  }
  if (profiles.length > 1 && profiles.join(',') !== '2,3') {
    env.invalid('OCPP_SECURITY_PROFILE', `can combine only profiles 2 and 3 (both TLS) on one listener; got "${raw.join(',')}"`);
    return { securityProfiles: [1] };
  }
  if (profiles[0] < 2) return { securityProfiles: profiles };
  const certFiles = env.list('OCPP_TLS_CERT_FILE', []);
  const keyFiles = env.list('OCPP_TLS_KEY_FILE', []);
  if (certFiles.length === 0) env.invalid('OCPP_TLS_CERT_FILE', 'is required for security profile 2 and 3');
  if (keyFiles.length === 0) env.invalid('OCPP_TLS_KEY_FILE', 'is required for security profile 2 and 3');
  if (certFiles.length > 0 && keyFiles.length > 0 && certFiles.length !== keyFiles.length) {
    env.invalid('OCPP_TLS_KEY_FILE', `must name one key per certificate chain in OCPP_TLS_CERT_FILE (${certFiles.length} chains, ${keyFiles.length} keys)`);
  }
  const caFile = profiles.includes(3) ? env.string('OCPP_TLS_CA_FILE') : env.optionalString('OCPP_TLS_CA_FILE');
  return {
    securityProfiles: profiles,
    tls: {
      certFiles,
      keyFiles,
      ...(caFile ? { caFile } : {}),
      ciphers: env.string('OCPP_TLS_CIPHERS', `${OCPP_TLS12_CIPHERS.join(':')}:${DEFAULT_CIPHERS}`),
      reloadIntervalMs: env.int('OCPP_TLS_RELOAD_INTERVAL_MS', 30_000, { min: 0 }),
    },
  };
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
