import { idTagKey, tokenKey } from '@voltlane/authorization';
import type { CustomerTokenSnapshot } from '@voltlane/contracts';
import type { OcppVersion } from '@voltlane/ocpp';

/**
 * Local authorization lists, pure: which entries a station's list gets from the stored tokens, in
 * the station's OCPP version, and how an accepted update changes the list the station holds.
 *
 * - 1.6: `{ idTag, idTagInfo? }` (idTag CiString20, `parentIdTag` = the group's value). Entries
 *   are keyed by the upper-case idTag, as a 1.6 station matches them.
 * - 2.x: `{ idToken: { idToken, type }, idTokenInfo? }` (`cacheExpiryDateTime`, `groupIdToken`).
 *   Keyed by `<type>:<VALUE>`.
 * - In a Differential update an entry without info removes it (both versions).
 * - listVersion / versionNumber must be neither 0 (empty list) nor -1 (unsupported).
 */
export type LocalListEntry = Record<string, unknown>;
export type UpdateType = 'Full' | 'Differential';

export const UPDATE_TYPES: readonly UpdateType[] = ['Full', 'Differential'];

/** OCPP 2.0.1 IdTokenEnumType (2.1 allows any string of at most 20 characters). */
const V201_TOKEN_TYPES = new Set(['Central', 'eMAID', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress', 'NoAuthorization']);
const V16_ID_TAG_MAX = 20;

export function isV16(protocol: OcppVersion): boolean {
  return protocol === 'ocpp1.6';
}

/** The status a station should cache: a past expiry makes an Accepted token Expired. */
function effectiveStatus(token: CustomerTokenSnapshot, now: Date): string {
  if (token.status === 'Accepted' && token.expiryDate && new Date(token.expiryDate).getTime() <= now.getTime()) return 'Expired';
  return token.status;
}

/** Whether `token` can be an entry of a list in `protocol` (1.6 idTags are at most 20 characters). */
export function fitsProtocol(protocol: OcppVersion, token: { idToken: string; type: string }): boolean {
  if (token.type === 'NoAuthorization' || token.idToken.length === 0) return false;
  if (isV16(protocol)) return token.idToken.length <= V16_ID_TAG_MAX;
  if (protocol === 'ocpp2.0.1') return V201_TOKEN_TYPES.has(token.type);
  return token.type.length <= 20;
}

/** The list entry (with info) of a stored token, or null when it cannot be expressed in `protocol`. */
export function entryOf(protocol: OcppVersion, token: CustomerTokenSnapshot, now: Date): LocalListEntry | null {
  if (!fitsProtocol(protocol, token)) return null;
  const status = effectiveStatus(token, now);
  if (isV16(protocol)) {
    const group = token.groupIdToken && token.groupIdToken.idToken.length <= V16_ID_TAG_MAX ? token.groupIdToken.idToken : undefined;
    return {
      idTag: token.idToken,
      idTagInfo: { status, ...(token.expiryDate ? { expiryDate: token.expiryDate } : {}), ...(group ? { parentIdTag: group } : {}) },
    };
  }
  const group = token.groupIdToken && fitsProtocol(protocol, token.groupIdToken) ? token.groupIdToken : undefined;
  return {
    idToken: { idToken: token.idToken, type: token.type },
    idTokenInfo: {
      status,
      ...(token.expiryDate ? { cacheExpiryDateTime: token.expiryDate } : {}),
      ...(group ? { groupIdToken: { idToken: group.idToken, type: group.type } } : {}),
    },
  };
}

/** An entry that removes `token` from the list (Differential only). */
export function removalOf(protocol: OcppVersion, token: { idToken: string; type: string }): LocalListEntry {
  return isV16(protocol) ? { idTag: token.idToken } : { idToken: { idToken: token.idToken, type: token.type } };
}

/** The identity of an entry in the station's list. */
export function entryKey(protocol: OcppVersion, entry: LocalListEntry): string {
  if (isV16(protocol)) return idTagKey(text(entry.idTag));
  const ref = (entry.idToken ?? {}) as { idToken?: unknown; type?: unknown };
  return tokenKey({ idToken: text(ref.idToken), type: text(ref.type) });
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function hasInfo(protocol: OcppVersion, entry: LocalListEntry): boolean {
  return (isV16(protocol) ? entry.idTagInfo : entry.idTokenInfo) !== undefined;
}

/** The entries of a list, one per key (the first wins: 1.6 values shared by several token types). */
export function uniqueEntries(protocol: OcppVersion, entries: readonly LocalListEntry[]): LocalListEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = entryKey(protocol, entry);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The Differential update that turns `current` into `desired`: new or changed entries, and removals. */
export function diffEntries(
  protocol: OcppVersion,
  current: readonly LocalListEntry[],
  desired: readonly LocalListEntry[],
): LocalListEntry[] {
  const before = new Map(current.map((e) => [entryKey(protocol, e), e]));
  const after = new Map(desired.map((e) => [entryKey(protocol, e), e]));
  const changes: LocalListEntry[] = [];
  for (const [key, entry] of after) {
    const previous = before.get(key);
    if (!previous || canonicalJson(previous) !== canonicalJson(entry)) changes.push(entry);
  }
  for (const [key, entry] of before) {
    if (!after.has(key)) changes.push(isV16(protocol) ? { idTag: entry.idTag } : { idToken: entry.idToken });
  }
  return changes;
}

/** The list a station holds after it accepted `update` on top of `current`. */
export function applyUpdate(
  protocol: OcppVersion,
  current: readonly LocalListEntry[],
  updateType: UpdateType,
  update: readonly LocalListEntry[],
): LocalListEntry[] {
  if (updateType === 'Full')
    return uniqueEntries(
      protocol,
      update.filter((e) => hasInfo(protocol, e)),
    );
  const list = new Map(current.map((e) => [entryKey(protocol, e), e]));
  for (const entry of update) {
    const key = entryKey(protocol, entry);
    if (hasInfo(protocol, entry)) list.set(key, entry);
    else list.delete(key);
  }
  return [...list.values()];
}

/** The SendLocalList request in the station's version; an empty list is left out (2.x requires minItems 1). */
export function sendLocalListRequest(
  protocol: OcppVersion,
  updateType: UpdateType,
  version: number,
  entries: readonly LocalListEntry[],
): Record<string, unknown> {
  const list = entries.length > 0 ? { localAuthorizationList: [...entries] } : {};
  return isV16(protocol) ? { listVersion: version, updateType, ...list } : { versionNumber: version, updateType, ...list };
}

/** What a SendLocalList request says: its version, update type and entries, in either version. */
export function readSendLocalList(
  protocol: OcppVersion,
  payload: Record<string, unknown>,
): { version: number | null; updateType: UpdateType; entries: LocalListEntry[] } {
  const raw = isV16(protocol) ? payload.listVersion : payload.versionNumber;
  const list = payload.localAuthorizationList;
  return {
    version: typeof raw === 'number' && Number.isInteger(raw) ? raw : null,
    updateType: payload.updateType === 'Differential' ? 'Differential' : 'Full',
    entries: Array.isArray(list) ? (list.filter((e) => e !== null && typeof e === 'object') as LocalListEntry[]) : [],
  };
}

/** The version a GetLocalListVersion answer reports (0 = empty list, -1 = not supported). */
export function readReportedVersion(protocol: OcppVersion, payload: Record<string, unknown>): number | null {
  const raw = isV16(protocol) ? payload.listVersion : payload.versionNumber;
  return typeof raw === 'number' && Number.isInteger(raw) ? raw : null;
}

/** A usable list version: an integer of at least 1 (0 and -1 carry meaning in GetLocalListVersion). */
export function isUsableListVersion(version: number): boolean {
  return Number.isInteger(version) && version >= 1 && version <= 2_147_483_647;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
