import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { credentialFingerprint, type StationCredential, type StationCredentialStore, type StationSecret } from '@voltlane/messaging';
import type { SecurityProfile } from '../config/gateway-config';
import { parseBasicAuth } from './handshake-request';
import type { PasswordChecker } from './password-checker';

/**
 * `profile`: the security profile the station authenticated with (a listener may serve 2 and 3);
 * `provedCredential`: set when that was the credential it is being rotated to (its fingerprint).
 * On refusal, `reason` is a fixed phrase (it labels a metric); `detail` carries what varies, for the security log.
 */
export type AuthDecision =
  { ok: true; profile: SecurityProfile; provedCredential?: string } | { ok: false; status: 401 | 404; reason: string; detail?: string };

type Refusal = Extract<AuthDecision, { ok: false }>;

/**
 * Decides whether a station may open a socket on a listener serving the given security profiles,
 * before the WebSocket upgrade. Credentials come from the station-service's store: the station's
 * current one and, while a rotation is under way, the pending one — either opens the connection.
 */
export class StationAuthenticator {
  constructor(
    private readonly store: StationCredentialStore,
    private readonly passwords: PasswordChecker,
    private readonly allowUnknownStations: boolean,
  ) {}

  /** The station's stored credential (a read the caller may run beside its other handshake reads). */
  credentialOf(stationId: string): Promise<StationCredential | null> {
    return this.store.get(stationId);
  }

  async authenticate(
    request: IncomingMessage,
    stationId: string,
    served: readonly SecurityProfile[],
    credential: StationCredential | null,
  ): Promise<AuthDecision> {
    if (!credential) {
      if (served.includes(0) && this.allowUnknownStations) return { ok: true, profile: 0 };
      return { ok: false, status: 404, reason: 'unknown station' };
    }
    const current = await this.check(request, stationId, served, credential);
    if (current.ok || !credential.pending) return current;
    const pending = await this.check(request, stationId, served, credential.pending);
    if (pending.ok) return { ...pending, provedCredential: credentialFingerprint(credential.pending) };
    // The current credential's reason, unless it is not even served here and the pending one is.
    return current.reason.startsWith('station must use') && !pending.reason.startsWith('station must use') ? pending : current;
  }

  private async check(
    request: IncomingMessage,
    stationId: string,
    served: readonly SecurityProfile[],
    secret: StationSecret,
  ): Promise<AuthDecision> {
    const profile = secret.securityProfile;
    if (!served.includes(profile)) {
      return {
        ok: false,
        status: 401,
        reason: `station must use security profile ${profile}, listener serves profile ${served.join(' and ')}`,
      };
    }
    const refusal =
      profile === 1 || profile === 2
        ? await this.checkPassword(request, stationId, secret)
        : profile === 3
          ? checkCertificate(request, stationId, secret)
          : undefined;
    return refusal ?? { ok: true, profile };
  }

  private async checkPassword(request: IncomingMessage, stationId: string, secret: StationSecret): Promise<Refusal | undefined> {
    const basic = parseBasicAuth(request.headers.authorization);
    if (!basic) return { ok: false, status: 401, reason: 'missing or malformed Basic authorization' };
    if (basic.username !== stationId) return { ok: false, status: 401, reason: 'Basic-auth username differs from the station identity' };
    if (!secret.passwordHash) return { ok: false, status: 401, reason: 'station has no password set' };
    const valid = await this.passwords.check(stationId, basic.password, secret.passwordHash);
    return valid ? undefined : { ok: false, status: 401, reason: 'wrong password' };
  }
}

/** Profile 3: a client certificate the listener's CA verified, whose subject CN is the station's. */
function checkCertificate(request: IncomingMessage, stationId: string, secret: StationSecret): Refusal | undefined {
  const socket = request.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function')
    return { ok: false, status: 401, reason: 'no valid client certificate', detail: 'not a TLS connection' };
  const peer = socket.getPeerCertificate();
  if (!peer || !peer.subject)
    return { ok: false, status: 401, reason: 'no valid client certificate', detail: 'no client certificate presented' };
  if (!socket.authorized) {
    return {
      ok: false,
      status: 401,
      reason: 'no valid client certificate',
      detail: `certificate CN "${String(peer.subject.CN)}" not verified: ${String(socket.authorizationError)}`,
    };
  }
  const subject = peer.subject.CN;
  const expected = secret.certificateSubject ?? stationId;
  return subject === expected
    ? undefined
    : {
        ok: false,
        status: 401,
        reason: 'certificate subject CN does not match the station',
        detail: `certificate CN "${String(subject)}"`,
      };
}
