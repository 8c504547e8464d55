import { contractValidator } from './contract-validator';

/**
 * `customers.tokens.v1`: the full state of an id token after every create, update or delete, so
 * consumers (the session-service's authorization re-checks, billing systems) can keep a read
 * model. Record key = `key` (the normalized token key). A delete is the last state with
 * `deleted: true`. `revision` grows with every change of any token (a database sequence), so a
 * consumer keeps, per key, the snapshot with the highest revision.
 *
 * Keys: `key` = `<type>:<VALUE>` and `idTagKey` = `<VALUE>`, the value upper-cased: 1.6 idTags and
 * 2.x idTokens are both case-insensitive. A 1.6 idTag matches on `idTagKey` (see
 * `selectIdTagMatch` in @voltlane/authorization); a 2.x idToken on `key`.
 */
export interface CustomerTokenSnapshot {
  key: string;
  idTagKey: string;
  /** The value as entered (original spelling). */
  idToken: string;
  /** 2.0.1 IdTokenEnumType or 2.1 IdTokenEnumStringType. */
  type: string;
  status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';
  customerId?: string;
  /** ISO 8601; absent = no end. */
  expiryDate?: string;
  /** 1.6 parentIdTag (its idToken) / 2.x groupIdToken. */
  groupIdToken?: { idToken: string; type: string };
  /** Absent = no limit on concurrent sessions. */
  maxActiveSessions?: number;
  revision: number;
  deleted: boolean;
  updatedAt: string;
}

const tokenValue = { type: 'string', maxLength: 36 } as const;
const tokenType = { type: 'string', minLength: 1, maxLength: 20 } as const;

export const customerTokenSnapshotSchema = {
  $id: 'urn:voltlane:customers.tokens.v1',
  type: 'object',
  required: ['key', 'idTagKey', 'idToken', 'type', 'status', 'revision', 'deleted', 'updatedAt'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', minLength: 2, maxLength: 57 },
    idTagKey: tokenValue,
    idToken: tokenValue,
    type: tokenType,
    status: { enum: ['Accepted', 'Blocked', 'Expired', 'Invalid'] },
    customerId: { type: 'string', minLength: 1, maxLength: 64 },
    expiryDate: { type: 'string', format: 'date-time' },
    groupIdToken: {
      type: 'object',
      required: ['idToken', 'type'],
      additionalProperties: false,
      properties: { idToken: tokenValue, type: tokenType },
    },
    maxActiveSessions: { type: 'integer', minimum: 0 },
    revision: { type: 'integer', minimum: 1 },
    deleted: { type: 'boolean' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const parseCustomerTokenSnapshot = contractValidator<CustomerTokenSnapshot>('customers.tokens.v1', customerTokenSnapshotSchema);
