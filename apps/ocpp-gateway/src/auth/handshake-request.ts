import { isOcppVersion, type OcppVersion } from '@voltlane/ocpp';

export const MAX_IDENTITY_LENGTH = 48;

/** The station identity from `<prefix>/<identity>`, percent-decoded, or why it is not one. */
export function parseIdentity(path: string, prefixes: readonly string[]): { ok: true; identity: string } | { ok: false; reason: string } {
  const pathname = path.split('?')[0];
  const prefix = prefixes.find((p) => pathname.startsWith(`${p}/`));
  if (prefix === undefined) return { ok: false, reason: 'path does not start with an OCPP prefix' };
  const encoded = pathname.slice(prefix.length + 1);
  if (encoded.length === 0 || encoded.includes('/')) return { ok: false, reason: 'path must be <prefix>/<identity>' };
  let identity: string;
  try {
    identity = decodeURIComponent(encoded);
  } catch {
    return { ok: false, reason: 'identity is not valid percent-encoding' };
  }
  if (identity.length > MAX_IDENTITY_LENGTH) return { ok: false, reason: `identity longer than ${MAX_IDENTITY_LENGTH} characters` };
  if (identity.includes(':')) return { ok: false, reason: 'identity must not contain ":"' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(identity)) return { ok: false, reason: 'identity contains control characters' };
  return { ok: true, identity };
}

/** Picks the server's most preferred subprotocol among those the client offers. */
export function negotiateProtocol(header: string | undefined, serverPreference: readonly OcppVersion[]): OcppVersion | undefined {
  if (!header) return undefined;
  const offered = new Set(header.split(',').map((p) => p.trim()));
  return serverPreference.find((p) => offered.has(p) && isOcppVersion(p));
}

export interface BasicCredentials {
  username: string;
  password: Buffer;
}

/** Decodes `Authorization: Basic …`; the password stays bytes (1.6 keys may be raw bytes). */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64');
  const colon = decoded.indexOf(0x3a);
  if (colon < 0) return undefined;
  return { username: decoded.subarray(0, colon).toString('utf8'), password: decoded.subarray(colon + 1) };
}
