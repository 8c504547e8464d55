import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Enum, Timestamp } from './schema-builders';

const tokenValue = Type.String({ maxLength: 36 });
const tokenType = Type.String({ description: '2.0.1 IdTokenEnumType or 2.1 IdTokenEnumStringType.', minLength: 1, maxLength: 20 });

/** The topic's documentation: the schema's `description`, so it reaches docs/asyncapi.json and docs/contracts.md. */
const CUSTOMER_TOKEN_SNAPSHOT_DESCRIPTION = [
  "`customers.tokens.v1`: the full state of an id token after every create, update or delete, so consumers (the session-service's authorization re-checks, billing systems) can keep a read model. Record key = `key` (the normalized token key). A delete is the last state with `deleted: true`. `revision` grows with every change of any token (a database sequence), so a consumer keeps, per key, the snapshot with the highest revision.",
  'Keys: `key` = `<type>:<VALUE>` and `idTagKey` = `<VALUE>`, the value upper-cased: 1.6 idTags and 2.x idTokens are both case-insensitive. A 1.6 idTag matches on `idTagKey` (see `selectIdTagMatch` in @voltlane/authorization); a 2.x idToken on `key`.',
].join('\n\n');

/** `customers.tokens.v1`: the payload's schema (the TypeScript type is derived from it; `description` documents the topic). */
export const customerTokenSnapshotSchema = Type.Object(
  {
    key: Type.String({ description: '`<type>:<VALUE>`, the value upper-cased; the record key.', minLength: 2, maxLength: 57 }),
    idTagKey: Type.String({ description: '`<VALUE>` upper-cased: what a 1.6 idTag matches on.', maxLength: 36 }),
    idToken: Type.String({ description: 'The value as entered (original spelling).', maxLength: 36 }),
    type: tokenType,
    status: Enum(['Accepted', 'Blocked', 'Expired', 'Invalid']),
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    expiryDate: Type.Optional(Timestamp({ description: 'ISO 8601; absent = no end.' })),
    groupIdToken: Type.Optional(
      Type.Object({ idToken: tokenValue, type: tokenType }, { description: '1.6 parentIdTag (its idToken) / 2.x groupIdToken.' }),
    ),
    maxActiveSessions: Type.Optional(Type.Integer({ description: 'Absent = no limit on concurrent sessions.', minimum: 0 })),
    revision: Type.Integer({ description: 'Grows with every change of any token; keep the highest per key.', minimum: 1 }),
    deleted: Type.Boolean({ description: 'true: the token was deleted (its last state).' }),
    updatedAt: Timestamp(),
  },
  { $id: 'urn:voltlane:customers.tokens.v1', description: CUSTOMER_TOKEN_SNAPSHOT_DESCRIPTION },
);
export type CustomerTokenSnapshot = Static<typeof customerTokenSnapshotSchema>;

export const customerTokenSnapshotContract = defineContract('customers.tokens.v1', customerTokenSnapshotSchema);

/** Validates a consumed `customers.tokens.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseCustomerTokenSnapshot = customerTokenSnapshotContract.incoming;
