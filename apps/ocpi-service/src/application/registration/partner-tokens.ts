import { createHash, randomBytes } from 'node:crypto';

/** A new token we issue (A, B or C): 32 random bytes, base64url (43 characters, no padding). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** How tokens are stored: SHA-256, hex. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
