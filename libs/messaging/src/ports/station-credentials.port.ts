/**
 * Station credentials as the gateway checks them. The station-service owns and fills this
 * store; the gateway only reads it. Passwords are stored as scrypt hashes, never plaintext.
 */
export interface StationCredential {
  stationId: string;
  /** `scrypt$N$r$p$saltB64$hashB64`, absent when the station has no Basic-auth password. */
  passwordHash?: string;
  /** Expected client-certificate subject CN (security profile 3); defaults to the station id. */
  certificateSubject?: string;
  /** The security profile the station must connect with. */
  securityProfile: 0 | 1 | 2 | 3;
}

export interface StationCredentialStore {
  get(stationId: string): Promise<StationCredential | null>;
  put(credential: StationCredential): Promise<void>;
  remove(stationId: string): Promise<void>;
  close(): Promise<void>;
}
