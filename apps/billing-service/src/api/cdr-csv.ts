import type { BillingCdr } from '@voltlane/contracts';

/** The CSV export of CDRs: RFC 4180 (CRLF, quoted where needed), decimal strings exactly as in the CDR. */
const COLUMNS: [string, (cdr: BillingCdr) => string | number | boolean | null, 'text' | 'value'][] = [
  ['cdrId', (c) => c.cdrId, 'value'],
  ['sessionId', (c) => c.sessionId, 'value'],
  ['stationId', (c) => c.stationId, 'text'],
  ['protocol', (c) => c.protocol, 'value'],
  ['transactionRef', (c) => c.transactionRef, 'text'],
  ['connectorId', (c) => c.connectorId, 'value'],
  ['evseId', (c) => c.evseId, 'value'],
  ['idTokenKey', (c) => c.idTokenKey, 'text'],
  ['customerId', (c) => c.customerId, 'text'],
  ['customerGroup', (c) => c.customerGroup, 'text'],
  ['startedAt', (c) => c.startedAt, 'value'],
  ['endedAt', (c) => c.endedAt, 'value'],
  ['meterStartWh', (c) => c.meterStartWh, 'value'],
  ['meterStopWh', (c) => c.meterStopWh, 'value'],
  ['energyWh', (c) => c.energyWh, 'value'],
  ['chargingSeconds', (c) => c.chargingSeconds, 'value'],
  ['idleSeconds', (c) => c.idleSeconds, 'value'],
  ['stoppedReason', (c) => c.stoppedReason, 'text'],
  ['tariffId', (c) => c.tariff.id, 'value'],
  ['tariffVersion', (c) => c.tariff.version, 'value'],
  ['tariffName', (c) => c.tariff.name, 'text'],
  ['tariffAssignment', (c) => c.tariff.assignment, 'value'],
  ['taxRatePercent', (c) => c.tariff.taxRatePercent, 'value'],
  ['currency', (c) => c.currency, 'value'],
  ['subtotal', (c) => c.subtotal.amount, 'value'],
  ['tax', (c) => c.tax.amount, 'value'],
  ['totalExclTax', (c) => c.totalExclTax.amount, 'value'],
  ['totalInclTax', (c) => c.totalInclTax.amount, 'value'],
  ['anomalous', (c) => c.anomalous, 'value'],
  ['anomalies', (c) => c.anomalies.join(';'), 'text'],
  ['issuedAt', (c) => c.issuedAt, 'value'],
];

/** Free text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
const FORMULA = /^[=+@\t\r]/;

export function csvField(value: string | number | boolean | null, kind: 'text' | 'value' = 'value'): string {
  if (value === null) return '';
  let text = String(value);
  if (kind === 'text' && FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CDR_CSV_HEADER = `${COLUMNS.map(([name]) => csvField(name)).join(',')}\r\n`;

export function cdrCsvRow(cdr: BillingCdr): string {
  return `${COLUMNS.map(([, read, kind]) => csvField(read(cdr), kind)).join(',')}\r\n`;
}
