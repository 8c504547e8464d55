import { createHash } from 'node:crypto';

/** What a station presents on one security profile: a Basic-auth password or a client certificate. */
export interface StationSecret {
  /** `scrypt$N$r$p$saltB64$hashB64`, absent when the station has no Basic-auth password. */
  passwordHash?: string;
  /** Expected client-certificate subject CN (security profile 3); defaults to the station id. */
  certificateSubject?: string;
  /** The security profile the station must connect with. */
  securityProfile: 0 | 1 | 2 | 3;
}

/**
 * Station credentials as the gateway checks them. The station-service owns and fills this
 * store; the gateway only reads it. Passwords are stored as scrypt hashes, never plaintext.
 *
 * `pending` is a credential being rotated to (a new password, a higher security profile): it is
 * written before the command that gives it to the station is sent, so the station can use it the
 * moment it has it. Both open a connection until the station proves the pending one (it connects
 * with it); then the station-service promotes it and the old one stops working.
 */
export interface StationCredential extends StationSecret {
  stationId: string;
  pending?: StationSecret;
}

export interface StationCredentialStore {
  get(stationId: string): Promise<StationCredential | null>;
  put(credential: StationCredential): Promise<void>;
  remove(stationId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A short, stable name of a pending credential (no secret in it: a digest of the hash): the
 * gateway reports which pending credential a station proved, and the station-service promotes it
 * only if it is still the one pending.
 */
export function credentialFingerprint(secret: StationSecret): string {
  const canonical = JSON.stringify([secret.securityProfile, secret.passwordHash ?? null, secret.certificateSubject ?? null]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}
