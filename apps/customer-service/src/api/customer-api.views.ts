import type { CustomerTokenSnapshot } from '@voltlane/contracts';
import type { StoredLocalList } from '../persistence/local-list.repository';

/** A token as the operator API shows it: no internal revision counter, no read-model keys. */
export interface IdTokenView {
  key: string;
  idToken: string;
  type: string;
  status: CustomerTokenSnapshot['status'];
  customerId: string | null;
  expiryDate: string | null;
  groupIdToken: { idToken: string; type: string } | null;
  maxActiveSessions: number | null;
  updatedAt: string;
}

export function tokenView(token: CustomerTokenSnapshot): IdTokenView {
  return {
    key: token.key,
    idToken: token.idToken,
    type: token.type,
    status: token.status,
    customerId: token.customerId ?? null,
    expiryDate: token.expiryDate ?? null,
    groupIdToken: token.groupIdToken ?? null,
    maxActiveSessions: token.maxActiveSessions ?? null,
    updatedAt: token.updatedAt,
  };
}

export interface LocalListView {
  stationId: string;
  version: number;
  protocol: string | null;
  entries: Record<string, unknown>[];
  size: number;
  lastUpdateType: string | null;
  lastStatus: string | null;
  lastRequestedVersion: number | null;
  lastCommandAt: string | null;
  reportedVersion: number | null;
  reportedAt: string | null;
  updatedAt: string | null;
}

export function localListView(list: StoredLocalList): LocalListView {
  return {
    stationId: list.stationId,
    version: list.version,
    protocol: list.protocol,
    entries: list.entries,
    size: list.entries.length,
    lastUpdateType: list.lastUpdateType,
    lastStatus: list.lastStatus,
    lastRequestedVersion: list.lastRequestedVersion,
    lastCommandAt: list.lastCommandAt?.toISOString() ?? null,
    reportedVersion: list.reportedVersion,
    reportedAt: list.reportedAt?.toISOString() ?? null,
    updatedAt: list.updatedAt?.toISOString() ?? null,
  };
}
