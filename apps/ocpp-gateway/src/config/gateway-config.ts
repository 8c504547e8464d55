import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { DEFAULT_CIPHERS } from 'node:tls';
import { EnvReader, infraConfig, readTopicSuffix, type InfraConfig } from '@voltlane/config';
import { OCPP_VERSIONS, type OcppVersion } from '@voltlane/ocpp';
import { Topics } from '@voltlane/contracts';
import { readTrustedProxies, type TrustedProxies } from '@voltlane/security';
import type { MessageLogConfig } from '../message-log/message-log-recorder';

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
  /** Every connection starts with a PROXY protocol header (v1 or v2) from a trusted proxy. */
  proxyProtocol: boolean;
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
  /** Proxies whose X-Forwarded-For and PROXY protocol header name the station's address. */
  trustedProxies: TrustedProxies;
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
  /** The OCPP message log: every frame in and out, published in batches on `topics.frames`. */
  messageLog: MessageLogConfig;
  topics: { inbound: string; connections: string; frames: string };
  infra: InfraConfig;
}

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const env = new EnvReader(source);
  const trustedProxies = readTrustedProxies(env);
  const listeners: ListenerConfig[] = [
    { ...readOcppListenAddress(env, '0.0.0.0'), ...listenerSecurity(env), proxyProtocol: readProxyProtocol(env, trustedProxies) },
  ];
  const topicSuffix = readTopicSuffix(env);
  const config: GatewayConfig = {
    instanceId: env.string('GATEWAY_INSTANCE_ID', `${hostname()}-${randomBytes(3).toString('hex')}`, {
      doc: 'Instance id of this gateway (connection registry, Kafka client, logs); unique per replica (the Helm chart sets the pod name).',
      defaultText: '`<host name>-<random>`',
    }),
    listeners,
    pathPrefixes: env
      .list('OCPP_PATH_PREFIXES', ['/ocpp'], undefined, 'URL path prefixes stations connect under, comma-separated: `<prefix>/<identity>`.')
      .map(normalizePrefix),
    protocols: env.list<OcppVersion>(
      'OCPP_PROTOCOLS',
      ['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'],
      OCPP_VERSIONS,
      "WebSocket subprotocols offered, in the server's order of preference.",
    ),
    allowUnknownStations: env.bool(
      'OCPP_ALLOW_UNKNOWN_STATIONS',
      false,
      'Security profile 0 only: let stations without stored credentials connect (lab use).',
    ),
    maxFrameBytes: env.int(
      'OCPP_MAX_FRAME_BYTES',
      256 * 1024,
      { min: 1024, max: 64 * 1024 * 1024 },
      'Largest WebSocket frame accepted; a larger one closes the socket with 1009.',
    ),
    perMessageDeflate: env.bool(
      'OCPP_PERMESSAGE_DEFLATE',
      true,
      'Negotiate WebSocket permessage-deflate compression when a station offers it.',
    ),
    pingIntervalMs: env.int(
      'OCPP_PING_INTERVAL_MS',
      30_000,
      { min: 100 },
      'WebSocket ping interval; a connection that misses a pong is closed.',
    ),
    callReplyTimeoutMs: env.int(
      'GATEWAY_CALL_REPLY_TIMEOUT_MS',
      20_000,
      { min: 10 },
      'How long a station CALL waits for the answering service; then InternalError (or `{}` for a notification already on Kafka whose response is empty).',
    ),
    commandQueueLimit: env.int(
      'GATEWAY_COMMAND_QUEUE_LIMIT',
      16,
      { min: 0 },
      'CSMS→station calls queued per connection behind the one in flight; one more is refused (`queue-full`, HTTP 429).',
    ),
    maxPendingCalls: env.int(
      'GATEWAY_MAX_PENDING_CALLS',
      64,
      { min: 1 },
      'Station CALLs in flight per connection; more are answered `GenericError` at once.',
    ),
    handshakeTimeoutMs: env.int(
      'OCPP_HANDSHAKE_TIMEOUT_MS',
      10_000,
      { min: 100, max: 600_000 },
      'The TLS handshake and the HTTP upgrade request must complete within this (slowloris); then the socket is closed.',
    ),
    maxBufferedBytes: env.int(
      'GATEWAY_MAX_BUFFERED_BYTES',
      4 * 1024 * 1024,
      { min: 1024 },
      'Bytes queued for a station that does not read; beyond this the socket is cut off.',
    ),
    trustedProxies,
    maxJsonDepth: env.int(
      'GATEWAY_MAX_JSON_DEPTH',
      64,
      { min: 4, max: 10_000 },
      'Deepest JSON nesting accepted in a frame; deeper frames are answered `FormatViolation` (1.6 `FormationViolation`) before parsing.',
    ),
    authFailureLimit: {
      windowMs: env.int(
        'GATEWAY_AUTH_FAILURE_WINDOW_MS',
        300_000,
        { min: 1_000 },
        'Window of the failed-authentication counters (in Redis, shared by every gateway instance).',
      ),
      maxPerIdentity: env.int(
        'GATEWAY_AUTH_FAILURE_MAX_PER_IDENTITY',
        10,
        { min: 1 },
        'Failed handshakes per station identity in the window; then 429 with `Retry-After` before any check.',
      ),
      maxPerAddress: env.int(
        'GATEWAY_AUTH_FAILURE_MAX_PER_ADDRESS',
        100,
        { min: 1 },
        'Failed handshakes per source address in the window; then 429 with `Retry-After` before any check.',
      ),
    },
    rateLimit: {
      perSecond: env.int('GATEWAY_RATE_LIMIT_PER_SECOND', 50, { min: 1 }, 'Per-station CALL rate limit: sustained CALLs per second.'),
      burst: env.int('GATEWAY_RATE_LIMIT_BURST', 200, { min: 1 }, 'Per-station CALL rate limit: burst size.'),
    },
    answerHeartbeatLocally: env.bool('GATEWAY_LOCAL_HEARTBEAT', true, 'Answer Heartbeat in the gateway (it is still published).'),
    requireBootAccepted: env.bool(
      'GATEWAY_REQUIRE_BOOT_ACCEPTED',
      true,
      "Answer CALLs other than BootNotification with SecurityError until the station's Boot is Accepted.",
    ),
    validateOutboundReplies: env.bool(
      'GATEWAY_VALIDATE_REPLIES',
      true,
      "Validate the services' CALLRESULTs against the OCPP schema before they are sent to the station.",
    ),
    registryTtlMs: env.int(
      'GATEWAY_REGISTRY_TTL_MS',
      90_000,
      { min: 1_000 },
      "Lifetime of a station's entry in the connection registry (Redis); refreshed every third of it while connected.",
    ),
    ops: {
      port: env.int(
        'GATEWAY_OPS_PORT',
        9100,
        { min: -1, max: 65535 },
        'Port of `/metrics`, `/health/live` and `/health/ready` (0: any free port, -1: off).',
      ),
      host: env.string('GATEWAY_OPS_HOST', '0.0.0.0', 'Address the ops port binds to.'),
    },
    drain: {
      windowMs: env.int(
        'GATEWAY_DRAIN_WINDOW_MS',
        10_000,
        { min: 0 },
        'On SIGTERM, station sockets are closed with 1012 spread over this window.',
      ),
      replyGraceMs: env.int(
        'GATEWAY_DRAIN_REPLY_GRACE_MS',
        5_000,
        { min: 0 },
        'On SIGTERM, how long station CALLs in flight may still get their answer before the sockets close.',
      ),
    },
    batch: {
      maxBatchSize: env.int('GATEWAY_KAFKA_BATCH_SIZE', 500, { min: 1 }, 'Most inbound frames sent to Kafka in one batch.'),
      lingerMs: env.int('GATEWAY_KAFKA_LINGER_MS', 2, { min: 0 }, 'How long inbound frames wait to fill a Kafka batch.'),
    },
    messageLog: readMessageLog(env),
    topics: {
      inbound: env.string('TOPIC_OCPP_INBOUND', Topics.OcppInbound + topicSuffix, {
        doc: `Topic the gateway publishes station frames to; the services read \`${Topics.OcppInbound}\` + \`TOPIC_SUFFIX\`, so set it only where they follow.`,
        defaultText: `\`${Topics.OcppInbound}\` + \`TOPIC_SUFFIX\``,
      }),
      connections: env.string('TOPIC_STATION_CONNECTIONS', Topics.StationConnections + topicSuffix, {
        doc: `Topic of station connect/disconnect events; the services read \`${Topics.StationConnections}\` + \`TOPIC_SUFFIX\`, so set it only where they follow.`,
        defaultText: `\`${Topics.StationConnections}\` + \`TOPIC_SUFFIX\``,
      }),
      frames: env.string('TOPIC_OCPP_FRAMES', Topics.OcppFrames + topicSuffix, {
        doc: `Topic of the OCPP message log (\`GATEWAY_MESSAGE_LOG\`); the station-service reads \`${Topics.OcppFrames}\` + \`TOPIC_SUFFIX\`, so set it only where it follows.`,
        defaultText: `\`${Topics.OcppFrames}\` + \`TOPIC_SUFFIX\``,
      }),
    },
    infra: infraConfig(env, 'ocpp-gateway'),
  };
  env.done();
  return config;
}

/** GATEWAY_MESSAGE_LOG*: the OCPP message log (every frame in and out, batched on ocpp.frames.v1). */
function readMessageLog(env: EnvReader): MessageLogConfig {
  const enabled =
    env.oneOf(
      'GATEWAY_MESSAGE_LOG',
      ['on', 'off'],
      'on',
      "`on`: every frame received from and sent to a station is published, in batches, on `ocpp.frames.v1` for the station-service's message log (best effort: frames are dropped and counted, never held, when the bus cannot keep up); `off`: no frame is recorded.",
    ) === 'on';
  const flushMs = env.int(
    'GATEWAY_MESSAGE_LOG_FLUSH_MS',
    200,
    { min: 10, max: 60_000 },
    'The message log is published at the latest this long after its first buffered frame.',
  );
  const batchBytes = env.int(
    'GATEWAY_MESSAGE_LOG_BATCH_BYTES',
    256 * 1024,
    { min: 4 * 1024, max: 4 * 1024 * 1024 },
    "The message log is published as soon as its buffered frames reach about this size (estimated from their length); a record whose JSON exceeds twice this is split. Keep twice this below the brokers' `max.message.bytes` (1 MiB by default).",
  );
  const maxBufferBytes = env.int(
    'GATEWAY_MESSAGE_LOG_MAX_BUFFER_BYTES',
    8 * 1024 * 1024,
    { min: 64 * 1024, max: 1024 * 1024 * 1024 },
    'Frames of the message log held in memory (buffered or being published, estimated bytes); beyond this new frames are dropped and counted (`voltlane_gateway_message_log_dropped_total`).',
  );
  const maxFrameBytes = env.int(
    'GATEWAY_MESSAGE_LOG_MAX_FRAME_BYTES',
    64 * 1024,
    { min: 256, max: 4 * 1024 * 1024 },
    'A frame longer than this (UTF-8 bytes) is logged cut to it, marked `truncated`.',
  );
  if (maxFrameBytes > batchBytes) {
    env.invalid('GATEWAY_MESSAGE_LOG_MAX_FRAME_BYTES', `must not exceed GATEWAY_MESSAGE_LOG_BATCH_BYTES (${batchBytes})`);
  }
  if (maxBufferBytes < batchBytes) {
    env.invalid('GATEWAY_MESSAGE_LOG_MAX_BUFFER_BYTES', `must be at least GATEWAY_MESSAGE_LOG_BATCH_BYTES (${batchBytes})`);
  }
  return { enabled, flushMs, batchBytes, maxBufferBytes, maxFrameBytes };
}

/** OCPP_PORT and OCPP_HOST: where the station listener binds (the all-in-one binds to loopback by default). */
export function readOcppListenAddress(env: EnvReader, defaultHost: string): { port: number; host: string } {
  return {
    port: env.int('OCPP_PORT', 9000, { min: 0, max: 65535 }, 'Port of the station (OCPP WebSocket) listener.'),
    host: env.string('OCPP_HOST', defaultHost, 'Address the station listener binds to.'),
  };
}

/** OCPP_PROXY_PROTOCOL: only with trusted proxies, or every connection would be refused. */
function readProxyProtocol(env: EnvReader, trustedProxies: TrustedProxies): boolean {
  const enabled = env.bool(
    'OCPP_PROXY_PROTOCOL',
    false,
    "Every connection to the station listener starts with a PROXY protocol header (v1 or v2, as an AWS NLB, HAProxy or nginx `proxy_protocol` send it), read before TLS; the address it names is the station's. Connections from peers not in `TRUSTED_PROXIES`, and malformed headers, are refused.",
  );
  if (enabled && !trustedProxies.any) env.invalid('OCPP_PROXY_PROTOCOL', 'needs TRUSTED_PROXIES: only a trusted proxy may send the header');
  return enabled;
}

/** OCPP_SECURITY_PROFILE (`1`, or `2,3` for one TLS URL serving both) and its TLS files. */
function listenerSecurity(env: EnvReader): Pick<ListenerConfig, 'securityProfiles' | 'tls'> {
  const raw = env.list(
    'OCPP_SECURITY_PROFILE',
    ['1'],
    undefined,
    'Security profile of the listener: 0 none (lab), 1 Basic auth, 2 TLS + Basic auth, 3 TLS + client certificate; or `2,3`: one `wss://` URL for both, each station held to its own.',
  );
  // Read whatever the profile, so a value set by mistake is still checked and every variable is documented.
  const certFiles = env.list(
    'OCPP_TLS_CERT_FILE',
    [],
    undefined,
    "Profiles 2 and 3 (required): PEM certificate chains, comma-separated, paired with `OCPP_TLS_KEY_FILE` (e.g. an RSA and an ECDSA chain; each handshake gets the one the station's offer allows).",
  );
  const keyFiles = env.list(
    'OCPP_TLS_KEY_FILE',
    [],
    undefined,
    'Profiles 2 and 3 (required): PEM private keys, one per chain in `OCPP_TLS_CERT_FILE`, in the same order.',
  );
  const caFile = env.optionalString('OCPP_TLS_CA_FILE', "Profile 3 (required): the CA of stations' client certificates, PEM.");
  const ciphers = env.string('OCPP_TLS_CIPHERS', `${OCPP_TLS12_CIPHERS.join(':')}:${DEFAULT_CIPHERS}`, {
    doc: 'TLS 1.2 cipher list (OpenSSL names; TLS 1.3 suites are always on).',
    defaultText: `OCPP's TLS 1.2 suites (\`${OCPP_TLS12_CIPHERS.join(':')}\`), then Node's defaults`,
  });
  const reloadIntervalMs = env.int(
    'OCPP_TLS_RELOAD_INTERVAL_MS',
    30_000,
    { min: 0 },
    'How often the TLS files are checked for a renewed certificate (0: never); open connections stay, a broken file is logged and the old one kept.',
  );
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
  if (certFiles.length === 0) env.invalid('OCPP_TLS_CERT_FILE', 'is required for security profile 2 and 3');
  if (keyFiles.length === 0) env.invalid('OCPP_TLS_KEY_FILE', 'is required for security profile 2 and 3');
  if (certFiles.length > 0 && keyFiles.length > 0 && certFiles.length !== keyFiles.length) {
    env.invalid(
      'OCPP_TLS_KEY_FILE',
      `must name one key per certificate chain in OCPP_TLS_CERT_FILE (${certFiles.length} chains, ${keyFiles.length} keys)`,
    );
  }
  if (profiles.includes(3) && caFile === undefined) env.invalid('OCPP_TLS_CA_FILE', 'is required but not set (security profile 3)');
  return { securityProfiles: profiles, tls: { certFiles, keyFiles, ...(caFile ? { caFile } : {}), ciphers, reloadIntervalMs } };
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
