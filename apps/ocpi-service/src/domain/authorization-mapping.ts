import { OCPI_TOKEN_TYPES, ROAMING_AUTHORIZATION_STATUSES, type OcpiTokenType, type RoamingAuthorizationStatus } from '@voltlane/contracts';

/** What the operator API answers for a real-time authorization (the customer-service maps it to OCPP): the shared contract. */
export type AuthorizationStatus = RoamingAuthorizationStatus;
export const AUTHORIZATION_STATUSES: readonly AuthorizationStatus[] = ROAMING_AUTHORIZATION_STATUSES;

/** AuthorizationInfo.allowed (mod_tokens AllowedType). */
export const ALLOWED_TYPES = ['ALLOWED', 'BLOCKED', 'EXPIRED', 'NO_CREDIT', 'NOT_ALLOWED'] as const;
export type AllowedType = (typeof ALLOWED_TYPES)[number];

/** What to answer when the eMSP cannot be asked (no answer in time, network error, HTTP ≥ 500, status 3xxx). */
export type OfflineAuthorizationPolicy = 'cached' | 'accept' | 'reject';
export const OFFLINE_AUTHORIZATION_POLICIES: readonly OfflineAuthorizationPolicy[] = ['cached', 'accept', 'reject'];

const STATUS_OF: Record<AllowedType, AuthorizationStatus> = {
  ALLOWED: 'Accepted',
  BLOCKED: 'Blocked',
  EXPIRED: 'Expired',
  NO_CREDIT: 'NoCredit',
  NOT_ALLOWED: 'NotAllowedTypeEVSE',
};

/** The status an eMSP's AllowedType gives. */
export function statusOfAllowed(allowed: AllowedType): AuthorizationStatus {
  return STATUS_OF[allowed];
}

/**
 * The OCPI TokenType to ask about for an OCPP id token type (when no stored token says): an RFID
 * card (ISO14443, ISO15693) is RFID, a token of the CSMS (Central) an app's, NoAuthorization an
 * ad-hoc user, the rest (eMAID, KeyCode, Local, MacAddress) OTHER; no type given: RFID.
 */
export function ocpiTokenTypeOfOcpp(type: string | undefined): OcpiTokenType {
  switch (type) {
    case undefined:
    case 'ISO14443':
    case 'ISO15693':
      return 'RFID';
    case 'Central':
      return 'APP_USER';
    case 'NoAuthorization':
      return 'AD_HOC_USER';
    default:
      return (OCPI_TOKEN_TYPES as readonly string[]).includes(type) ? (type as OcpiTokenType) : 'OTHER';
  }
}

/** A stored token as the offline policy sees it. */
export interface CachedToken {
  valid: boolean;
  whitelist: string;
  authorizedUntil: Date | null;
}

/**
 * The offline policy: `accept` → Accepted (the CPO takes the risk), `reject` → Invalid, `cached` →
 * Accepted when a stored token is valid and may be whitelisted (not NEVER) or is still authorized
 * (a command or an earlier real-time answer), else Invalid.
 */
export function offlineStatus(policy: OfflineAuthorizationPolicy, cached: CachedToken | undefined, now: Date): AuthorizationStatus {
  if (policy === 'accept') return 'Accepted';
  if (policy === 'reject' || !cached) return 'Invalid';
  if (!cached.valid) return 'Invalid';
  if (cached.whitelist !== 'NEVER') return 'Accepted';
  return cached.authorizedUntil !== null && cached.authorizedUntil.getTime() > now.getTime() ? 'Accepted' : 'Invalid';
}

/** `{tokens url}/{uid}/authorize?type=` (the url may end with '/'; the uid is path-encoded). */
export function authorizeUrl(tokensUrl: string, uid: string, type: OcpiTokenType): string {
  return `${tokensUrl.replace(/\/+$/, '')}/${encodeURIComponent(uid)}/authorize?type=${type}`;
}

/** The AuthorizationInfo fields this CPO uses; undefined when `data` is none. */
export interface AuthorizationInfo {
  allowed: AllowedType;
  token: unknown;
  authorizationReference?: string;
  info?: string;
}

/**
 * Reads an AuthorizationInfo (`allowed` required and known; `token` kept as sent, checked by the
 * caller). One wrapped in a one-element array is taken too: some eMSP implementations (py_ocpi)
 * answer `data: [AuthorizationInfo]`.
 */
export function readAuthorizationInfo(answered: unknown): AuthorizationInfo | undefined {
  const data = Array.isArray(answered) && answered.length === 1 ? (answered[0] as unknown) : answered;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  const allowed = record['allowed'];
  if (typeof allowed !== 'string' || !(ALLOWED_TYPES as readonly string[]).includes(allowed)) return undefined;
  const reference = record['authorization_reference'];
  const info = displayText(record['info']);
  return {
    allowed: allowed as AllowedType,
    token: record['token'],
    ...(typeof reference === 'string' && reference.length > 0 && reference.length <= 36 ? { authorizationReference: reference } : {}),
    ...(info !== undefined ? { info } : {}),
  };
}

function displayText(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const text = (value as Record<string, unknown>)['text'];
  return typeof text === 'string' && text.length > 0 ? text.slice(0, 512) : undefined;
}
