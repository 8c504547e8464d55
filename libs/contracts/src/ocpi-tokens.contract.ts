import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Enum, Timestamp } from './schema-builders';

/** OCPI 2.2.1 TokenType. */
export const OCPI_TOKEN_TYPES = ['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID'] as const;
export type OcpiTokenType = (typeof OCPI_TOKEN_TYPES)[number];

/** OCPI 2.2.1 WhitelistType: when the CPO may authorize the token without asking the eMSP. */
export const OCPI_WHITELIST_TYPES = ['ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE', 'NEVER'] as const;
export type OcpiWhitelistType = (typeof OCPI_WHITELIST_TYPES)[number];

const OCPI_TOKENS_DESCRIPTION = [
  "`ocpi.tokens.v1`: an eMSP's token (OCPI 2.2.1 Token) as the ocpi-service holds it after every change: pushed by the eMSP (PUT/PATCH on the tokens module), or carried by a command (START_SESSION, RESERVE_NOW) the eMSP has authorized. Record key = `uid` upper-cased (a 1.6 idTag is case-insensitive); the latest record per (`countryCode`, `partyId`, `uid`, `type`) is the token's state. OCPI tokens are never deleted: `valid: false` ends one.",
  'The customer-service keeps each as an id token of the customer `OCPI <countryCode>*<partyId>`, of type `ISO14443` for `RFID` and `Central` for the other types (`ocppIdTokenTypeOf`), value `uid`: Accepted when `valid` and `whitelist` is not `NEVER`, or while `authorizedUntil` lies ahead (its expiry); otherwise Blocked (`valid: false`) or Invalid (`NEVER`: real-time authorization with the eMSP is not done locally). A local token with the same key is never changed.',
].join('\n\n');

const ciString = (maxLength: number, description: string) => Type.String({ description, minLength: 1, maxLength });

/** `ocpi.tokens.v1`: the payload's schema (the TypeScript type is derived from it; `description` documents the topic). */
export const ocpiTokenSchema = Type.Object(
  {
    countryCode: Type.String({
      description: 'ISO 3166-1 alpha-2 country code of the eMSP that owns the token (upper-case).',
      pattern: '^[A-Z]{2}$',
    }),
    partyId: Type.String({ description: "The owning eMSP's party id (upper-case).", pattern: '^[A-Z0-9]{3}$' }),
    uid: ciString(36, 'Token.uid as the eMSP spells it: what an RFID reader reads, or the id an app token is started with.'),
    type: Enum(OCPI_TOKEN_TYPES, { description: 'Token.type.' }),
    contractId: ciString(36, 'Token.contract_id: the driver’s contract (eMA ID).'),
    valid: Type.Boolean({ description: 'Token.valid.' }),
    whitelist: Enum(OCPI_WHITELIST_TYPES, { description: 'Token.whitelist.' }),
    groupId: Type.Optional(ciString(36, 'Token.group_id.')),
    authorizedUntil: Type.Optional(
      Timestamp({
        description: 'A command of the eMSP (START_SESSION, RESERVE_NOW) authorized the token until then, whatever its whitelist.',
      }),
    ),
    lastUpdated: Timestamp({ description: 'Token.last_updated, as the eMSP set it.' }),
  },
  { $id: 'urn:voltlane:ocpi.tokens.v1', description: OCPI_TOKENS_DESCRIPTION },
);
export type OcpiTokenEvent = Static<typeof ocpiTokenSchema>;

export const ocpiTokenContract = defineContract('ocpi.tokens.v1', ocpiTokenSchema);

/** Validates a consumed `ocpi.tokens.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseOcpiTokenEvent = ocpiTokenContract.incoming;

/** The OCPP idToken type a roaming token is presented with: an RFID card's UID is ISO14443; an app's id is generated centrally. */
export function ocppIdTokenTypeOf(type: OcpiTokenType): 'ISO14443' | 'Central' {
  return type === 'RFID' ? 'ISO14443' : 'Central';
}
