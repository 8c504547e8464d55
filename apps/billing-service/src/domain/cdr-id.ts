import { createHash } from 'node:crypto';

/** Namespace of Voltlane CDR ids (a fixed random UUID; never change it: ids must stay stable). */
export const CDR_ID_NAMESPACE = '3f6c2a1e-9b7d-4c05-8e21-7d4f0a6b5c93';

/** RFC 9562 UUIDv5 (SHA-1, name-based) of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`invalid namespace UUID "${namespace}"`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The CDR id of a session: the same session always gets the same CDR id. */
export function cdrIdOf(sessionId: string): string {
  return uuidV5(sessionId.toLowerCase(), CDR_ID_NAMESPACE);
}
