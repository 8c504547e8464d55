import { randomUUID } from 'node:crypto';

/** `Authorization: Token <x>` as 2.2.1 sends it: the token base64-encoded (UTF-8). */
export function encodeToken(token: string): string {
  return Buffer.from(token, 'utf8').toString('base64');
}

/**
 * The tokens an `Authorization` header may carry, most likely first: OCPI 2.2.1 sends
 * `Token <base64(token)>`; 2.1.1-style clients send the token as is. Empty: no usable header.
 */
export function tokenCandidates(authorization: string | undefined): string[] {
  if (authorization === undefined) return [];
  const match = /^\s*Token\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return [];
  const raw = match[1];
  const candidates: string[] = [];
  const decoded = decodeBase64(raw);
  if (decoded !== undefined && decoded !== raw) candidates.push(decoded);
  candidates.push(raw);
  return candidates;
}

/** Strict base64 (standard or url alphabet, padding optional) of printable UTF-8; undefined when it is not. */
function decodeBase64(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const unpadded = value.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return undefined;
  const bytes = Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const text = bytes.toString('utf8');
  // It must round-trip (no invalid UTF-8) and be printable ASCII, as OCPI tokens are.
  if (Buffer.from(text, 'utf8').compare(bytes) !== 0 || !/^[\x21-\x7e]+$/.test(text)) return undefined;
  return text;
}

/** A party from the OCPI-from-* / OCPI-to-* headers, when both are present. */
export interface HeaderParty {
  countryCode: string;
  partyId: string;
}

type HeaderValue = string | string[] | undefined;

function single(value: HeaderValue): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * The routing headers of a request: `OCPI-from-country-code` + `OCPI-from-party-id` and the `to`
 * pair. A pair is returned only when both halves are there and well-formed (2 letters, 3
 * characters); upper-cased, since OCPI compares them case-insensitively. A half pair or a
 * malformed value is reported in `problems` (the caller decides whether that is an error).
 */
export function routingHeaders(headers: Record<string, HeaderValue>): { from?: HeaderParty; to?: HeaderParty; problems: string[] } {
  const problems: string[] = [];
  const pair = (side: 'from' | 'to'): HeaderParty | undefined => {
    const cc = single(headers[`ocpi-${side}-country-code`]);
    const pid = single(headers[`ocpi-${side}-party-id`]);
    if (cc === undefined && pid === undefined) return undefined;
    if (cc === undefined || pid === undefined) {
      problems.push(`OCPI-${side}-country-code and OCPI-${side}-party-id must be sent together`);
      return undefined;
    }
    const before = problems.length;
    if (!/^[A-Za-z]{2}$/.test(cc)) problems.push(`OCPI-${side}-country-code must be an ISO 3166-1 alpha-2 code, got '${cc}'`);
    if (!/^[A-Za-z0-9]{3}$/.test(pid)) problems.push(`OCPI-${side}-party-id must be 3 letters or digits, got '${pid}'`);
    if (problems.length > before) return undefined;
    return { countryCode: cc.toUpperCase(), partyId: pid.toUpperCase() };
  };
  const from = pair('from');
  const to = pair('to');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), problems };
}

/** X-Request-ID and X-Correlation-ID of a request (made up when absent or unreasonable). */
export function traceIds(headers: Record<string, HeaderValue>): { requestId: string; correlationId: string } {
  const usable = (value: string | undefined) =>
    value !== undefined && value.length <= 255 && /^[\x21-\x7e]+$/.test(value) ? value : undefined;
  const requestId = usable(single(headers['x-request-id'])) ?? randomUUID();
  const correlationId = usable(single(headers['x-correlation-id'])) ?? randomUUID();
  return { requestId, correlationId };
}
