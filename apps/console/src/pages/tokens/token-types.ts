import type { OperatorApiSchemas } from '@voltlane/operator-api-client';

/** An id token as the operator API lists it. */
export type IdToken = OperatorApiSchemas['ListIdTokensResponse']['items'][number];
export type TokenStatus = NonNullable<IdToken['status']>;
export type CreateIdTokenBody = OperatorApiSchemas['CreateIdTokenRequest'];
export type UpdateIdTokenBody = OperatorApiSchemas['UpdateIdTokenRequest'];

export const TOKEN_STATUSES: TokenStatus[] = ['Accepted', 'Blocked', 'Expired', 'Invalid'];

/** OCPP 2.x IdTokenEnumType values (2.1 adds some); a 1.6 idTag is stored as ISO14443. */
export const TOKEN_TYPES = [
  'ISO14443',
  'ISO15693',
  'eMAID',
  'Central',
  'KeyCode',
  'Local',
  'MacAddress',
  'NoAuthorization',
  'EVCCID',
  'DirectPayment',
  'VIN',
];

/** The API's pattern of a token type. */
export const TOKEN_TYPE_PATTERN = /^[A-Za-z0-9]{1,20}$/;

/** `type:value`, the group of a token as one text. */
export function groupText(token: IdToken): string {
  return token.groupIdToken ? `${token.groupIdToken.type}:${token.groupIdToken.idToken}` : '';
}
