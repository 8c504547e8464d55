import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { StationCredential, StationCredentialStore } from '@voltlane/messaging';
import type { SecurityProfile } from '../config/gateway-config';
import { parseBasicAuth } from './handshake-request';
import type { PasswordChecker } from './password-checker';

/** `reason` is a fixed phrase (it labels a metric); `detail` carries what varies, for the security log. */
export type AuthDecision = { ok: true } | { ok: false; status: 401 | 404; reason: string; detail?: string };

/**
 * Decides whether a station may open a socket on a listener of the given security profile,
 * before the WebSocket upgrade. Credentials come from the station-service's store.
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

  async authenticate(request: IncomingMessage, stationId: string, profile: SecurityProfile, credential: StationCredential | null): Promise<AuthDecision> {
    if (!credential) {
      if (profile === 0 && this.allowUnknownStations) return { ok: true };
      return { ok: false, status: 404, reason: 'unknown station' };
    }
    if (credential.securityProfile !== profile) {
      return { ok: false, status: 401, reason: `station must use security profile ${credential.securityProfile}, listener is profile ${profile}` };
    }
    switch (profile) {
      case 0:
        return { ok: true };
      case 1:
      case 2: {
        const basic = parseBasicAuth(request.headers.authorization);
        if (!basic) return { ok: false, status: 401, reason: 'missing or malformed Basic authorization' };
        if (basic.username !== stationId) return { ok: false, status: 401, reason: 'Basic-auth username differs from the station identity' };
        if (!credential.passwordHash) return { ok: false, status: 401, reason: 'station has no password set' };
        const valid = await this.passwords.check(stationId, basic.password, credential.passwordHash);
        return valid ? { ok: true } : { ok: false, status: 401, reason: 'wrong password' };
      }
      case 3: {
        const socket = request.socket as TLSSocket;
        if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) {
          return { ok: false, status: 401, reason: 'no valid client certificate' };
        }
        const subject = socket.getPeerCertificate().subject?.CN;
        const expected = credential.certificateSubject ?? stationId;
        return subject === expected
          ? { ok: true }
          : { ok: false, status: 401, reason: 'certificate subject CN does not match the station', detail: `certificate CN "${String(subject)}"` };
      }
    }
  }
}
