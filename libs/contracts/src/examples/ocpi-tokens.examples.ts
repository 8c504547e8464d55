import type { OcpiTokenEvent } from '../ocpi-tokens.contract';
import type { ContractExample } from './contract-example';

/** An RFID card of eMSP NL*TNM (the OCPI specification's example token). */
const card = {
  countryCode: 'NL',
  partyId: 'TNM',
  uid: '012345678',
  type: 'RFID',
  contractId: 'NL8ACC12E46L89',
  whitelist: 'ALWAYS',
  groupId: 'DF000-2001-8999',
} satisfies Partial<OcpiTokenEvent>;

export const ocpiTokenExamples: ContractExample<OcpiTokenEvent>[] = [
  {
    name: 'pushed-card',
    summary: 'The eMSP pushed a valid RFID card that may always be authorized locally: the customer-service accepts it like its own.',
    key: '012345678',
    payload: { ...card, valid: true, lastUpdated: '2015-06-29T22:39:09.000Z' },
  },
  {
    name: 'invalidated-card',
    summary: 'The eMSP invalidated the same card (PATCH valid: false): it is Blocked.',
    key: '012345678',
    payload: { ...card, valid: false, lastUpdated: '2019-06-19T02:11:11.000Z' },
  },
  {
    name: 'app-user-started',
    summary:
      'An app token that is never whitelisted, carried by a START_SESSION: authorized for the 15 minutes after the command (an Authorize of the station in that time is accepted).',
    key: 'A1B2C3D4-E5F6',
    payload: {
      countryCode: 'DE',
      partyId: 'ABC',
      uid: 'a1b2c3d4-e5f6',
      type: 'APP_USER',
      contractId: 'DE8ACC12E46L89',
      valid: true,
      whitelist: 'NEVER',
      authorizedUntil: '2026-03-02T17:15:00.000Z',
      lastUpdated: '2026-03-02T17:00:00.000Z',
    },
  },
];
