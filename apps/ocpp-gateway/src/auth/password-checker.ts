import { createHash } from 'node:crypto';
import { verifySecret } from '@voltlane/security';

/**
 * Checks a station's Basic-auth password against its stored scrypt hash. 1.6 stations may send
 * the AuthorizationKey as raw bytes or as its hex string, so raw (non-printable) bytes are
 * also tried as hex. Successful checks are remembered briefly (by a SHA-256 of the attempt,
 * never the password) so that a reconnect storm does not cost one scrypt per station.
 */
export class PasswordChecker {
  private readonly verified = new Map<string, number>();

  constructor(
    private readonly cacheTtlMs = 10 * 60_000,
    private readonly cacheLimit = 200_000,
    private readonly now = Date.now,
  ) {}

  async check(stationId: string, password: Buffer, storedHash: string): Promise<boolean> {
    const cacheKey = createHash('sha256').update(stationId).update('\0').update(storedHash).update('\0').update(password).digest('base64');
    const until = this.verified.get(cacheKey);
    if (until !== undefined && until > this.now()) return true;
    const ok = await this.verify(password, storedHash);
    if (ok) this.remember(cacheKey);
    return ok;
  }

  private async verify(password: Buffer, storedHash: string): Promise<boolean> {
    if (isPrintableAscii(password)) return verifySecret(password, storedHash);
    const hex = password.toString('hex');
    return (await verifySecret(hex, storedHash)) || verifySecret(hex.toUpperCase(), storedHash);
  }

  private remember(key: string): void {
    if (this.verified.size >= this.cacheLimit) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(key, this.now() + this.cacheTtlMs);
  }
}

function isPrintableAscii(bytes: Buffer): boolean {
  for (const b of bytes) if (b < 0x20 || b > 0x7e) return false;
  return true;
}
