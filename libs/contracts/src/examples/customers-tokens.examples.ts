import type { CustomerTokenSnapshot } from '../customers-tokens.contract';
import type { ContractExample } from './contract-example';

/** Customer cust-7's RFID card, in both examples. */
const card = {
  key: 'ISO14443:AABBCCDD',
  idTagKey: 'AABBCCDD',
  idToken: 'aabbccdd',
  type: 'ISO14443',
  status: 'Accepted',
  customerId: 'cust-7',
} satisfies Partial<CustomerTokenSnapshot>;

export const customerTokenExamples: ContractExample<CustomerTokenSnapshot>[] = [
  {
    name: 'accepted-card',
    summary: 'An RFID card of customer cust-7, in a group, at most one session at a time; the value as entered keeps its spelling.',
    key: card.key,
    payload: {
      ...card,
      expiryDate: '2027-12-31T23:59:59.000Z',
      groupIdToken: { idToken: 'FLEET-7', type: 'Central' },
      maxActiveSessions: 1,
      revision: 42,
      deleted: false,
      updatedAt: '2024-01-10T08:15:00.000Z',
    },
  },
  {
    name: 'deleted-card',
    summary: 'The same card after it was deleted: the last state, deleted: true, with a higher revision.',
    key: card.key,
    payload: {
      ...card,
      revision: 57,
      deleted: true,
      updatedAt: '2024-02-01T16:40:00.000Z',
    },
  },
];
