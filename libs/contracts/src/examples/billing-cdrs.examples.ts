import type { BillingCdr } from '../billing-cdrs.contract';
import type { ContractExample } from './contract-example';
import { endedTransactionMeasures } from './sessions-lifecycle.examples';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

export const billingCdrExamples: ContractExample<BillingCdr>[] = [
  {
    name: 'ended-session',
    summary:
      'The CDR of the sessions.lifecycle.v1 `ended-201` example under a default tariff: 12.345 kWh × 0.35 = 4.32; 10 idle minutes − 5 grace = 5 × 0.10 = 0.50; subtotal 4.82; 19 % tax 0.92; total 5.74 EUR.',
    key: 'CS-1',
    payload: {
      cdrId: 'b1291e03-4a4c-5381-9f70-d01c539697f1',
      sessionId: '0b8f5a52-2c1d-4f7e-9a3b-6d5e4c3b2a19',
      stationId: 'CS-1',
      protocol: 'ocpp2.0.1',
      transactionRef: 'tx-1',
      connectorId: 1,
      evseId: 1,
      idTokenKey: 'ISO14443:AABBCCDD',
      customerId: 'cust-7',
      customerGroup: null,
      ...endedTransactionMeasures,
      stoppedReason: 'Local',
      tariff: {
        id: '5c0a1f3e-8d2b-4e7a-9f61-0b3c2d4e5f60',
        version: 1,
        name: 'Default',
        assignment: 'default',
        timeZone: 'Europe/Berlin',
        taxRatePercent: '19',
        rounding: 'HALF_UP',
      },
      currency: 'EUR',
      lines: [
        { component: 'energy', band: null, quantity: '12.345', unit: 'kWh', unitPrice: eur('0.35'), amount: eur('4.32') },
        { component: 'idleTime', band: null, quantity: '5', unit: 'min', unitPrice: eur('0.10'), amount: eur('0.50') },
      ],
      subtotal: eur('4.82'),
      tax: eur('0.92'),
      totalExclTax: eur('4.82'),
      totalInclTax: eur('5.74'),
      anomalies: [],
      anomalous: false,
      issuedAt: '2024-01-15T11:00:01.000Z',
    },
  },
];
