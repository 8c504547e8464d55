// CDR answers of the operator API for the specs, typed by docs/openapi.json.
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';

export type CdrItem = OperatorApiSchemas['ListCdrsResponse']['items'][number];

export const CDR_ID = 'b1291e03-4a4c-5381-9f70-d01c539697f1';
export const CDR_SESSION_ID = '0b8f5a52-2c1d-4f7e-9a3b-6d5e4c3b2a19';

/** The tariff block of a CDR (which tariff version priced it, chosen how). */
export const CDR_TARIFF: CdrItem['tariff'] = {
  id: '5c0a1f3e-8d2b-4e7a-9f61-0b3c2d4e5f60',
  version: 1,
  name: 'Default',
  assignment: 'default',
  timeZone: 'Europe/Berlin',
  taxRatePercent: '19',
  rounding: 'HALF_UP',
};

const eur = (amount: string): { amount: string; currency: string } => ({ amount, currency: 'EUR' });

/** A CDR as docs/openapi.json declares it (the ended-session example of billing.cdrs.v1). */
export function cdrItem(patch: Partial<CdrItem> = {}): CdrItem {
  return {
    cdrId: CDR_ID,
    sessionId: CDR_SESSION_ID,
    stationId: 'CS-1',
    protocol: 'ocpp2.0.1',
    transactionRef: 'tx-1',
    connectorId: null,
    evseId: 1,
    idTokenKey: 'ISO14443:AABBCCDD',
    customerId: 'cust-7',
    customerGroup: null,
    startedAt: '2024-01-15T10:00:00.000Z',
    endedAt: '2024-01-15T11:00:00.000Z',
    meterStartWh: 1000,
    meterStopWh: 13345,
    energyWh: 12345,
    chargingSeconds: 3300,
    idleSeconds: 300,
    stoppedReason: 'Local',
    tariff: CDR_TARIFF,
    currency: 'EUR',
    lines: [
      { component: 'energy', band: null, quantity: '12.345', unit: 'kWh', unitPrice: eur('0.35'), amount: eur('4.32') },
      { component: 'idleTime', band: 'evening', quantity: '5', unit: 'min', unitPrice: eur('0.10'), amount: eur('0.50') },
    ],
    subtotal: eur('4.82'),
    tax: eur('0.92'),
    totalExclTax: eur('4.82'),
    totalInclTax: eur('5.74'),
    anomalies: [],
    anomalous: false,
    issuedAt: '2024-01-15T11:00:01.000Z',
    ...patch,
  };
}
