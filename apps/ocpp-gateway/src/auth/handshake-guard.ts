import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { ClientAddress } from '@voltlane/security';
import type { SecurityProfile } from '../config/gateway-config';
import type { GatewayStats } from '../gateway-stats';
import type { AuthFailureLimiter } from './auth-failure-limiter';
import type { StationAuthenticator } from './station-authenticator';

export type HandshakeAdmission =
  | { ok: true; profile: SecurityProfile; provedCredential?: string }
  | { ok: false; status: 401 | 404 | 429; reason: string; headers: Record<string, string> };

/**
 * Authenticates a handshake behind the failed-authentication rate limit: an identity or client
 * address with too many recent failures is answered 429 before any password is checked. Every
 * failure is counted and logged as a structured security event (never with the credentials).
 * The client address is the station's own behind trusted proxies, so stations behind one ingress
 * or load balancer are counted apart.
 */
export class HandshakeGuard {
  constructor(
    private readonly authenticator: StationAuthenticator,
    private readonly limiter: AuthFailureLimiter,
    private readonly stats: GatewayStats,
    private readonly logger: Logger,
  ) {}

  async admit(
    request: IncomingMessage,
    stationId: string,
    profiles: readonly SecurityProfile[],
    client: ClientAddress,
  ): Promise<HandshakeAdmission> {
    const keys = { identity: stationId, address: client.address };
    // Both reads in one round trip; the password is checked only once the limiter has let it through.
    const [limit, credential] = await Promise.all([this.limiter.check(keys), this.authenticator.credentialOf(stationId)]);
    // The profile the refusal is about: the listener's, or on a 2-and-3 listener the station's own.
    const profile = {
      securityProfile: profiles.length === 1 ? profiles[0] : (credential?.securityProfile ?? profiles[0]),
      listenerProfiles: profiles,
    };
    if (limit.blocked) {
      const retryAfter = Math.max(1, Math.ceil(limit.retryAfterMs / 1000));
      this.stats.authFailed('rate_limited');
      this.securityEvent(
        'security.auth_rate_limited',
        'StationAuthenticationRateLimited',
        stationId,
        client,
        profile,
        `too many failed authentications for this ${limit.scope}`,
      );
      return {
        ok: false,
        status: 429,
        reason: `too many failed authentications for this ${limit.scope}`,
        headers: { 'Retry-After': String(retryAfter) },
      };
    }
    const decision = await this.authenticator.authenticate(request, stationId, profiles, credential);
    if (decision.ok) return decision;
    this.stats.authFailed(decision.status === 404 ? 'unknown_station' : 'bad_credentials');
    this.securityEvent(
      'security.auth_failed',
      'StationAuthenticationFailed',
      stationId,
      client,
      profile,
      decision.detail ? `${decision.reason}: ${decision.detail}` : decision.reason,
    );
    // An unknown identity counts against the address only: nobody's identity to lock out.
    await this.limiter.record(keys, { identity: decision.status === 401 });
    return {
      ok: false,
      status: decision.status,
      reason: decision.reason,
      headers: decision.status === 401 ? { 'WWW-Authenticate': 'Basic realm="OCPP"' } : {},
    };
  }

  /** `event`: the same name as the operator API's security events; `securityEvent`: the OCPP-style type. */
  private securityEvent(
    event: 'security.auth_failed' | 'security.auth_rate_limited',
    type: string,
    stationId: string,
    client: ClientAddress,
    profile: { securityProfile: SecurityProfile; listenerProfiles: readonly SecurityProfile[] },
    reason: string,
  ): void {
    this.logger.warn(
      { event, securityEvent: type, stationId, ...clientFields(client), ...profile, reason },
      'security event: station authentication refused',
    );
  }
}

/** A client address in a log line: `clientAddress`, and `peerAddress` (the proxy) when a trusted proxy named the client. */
export function clientFields(client: ClientAddress): { clientAddress: string; peerAddress?: string } {
  return { clientAddress: client.address, ...(client.via ? { peerAddress: client.peer } : {}) };
}
