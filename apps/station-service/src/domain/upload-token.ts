import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Upload and download tokens: 32 random bytes, base64url (43 characters), carried in the URL a
 * station is given. Only their SHA-256 is stored; they are long random secrets, so a fast hash is
 * enough (no password stretching needed) and a leaked table gives no usable URL.
 */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented token with a stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  if (!TOKEN_PATTERN.test(token)) return false;
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
