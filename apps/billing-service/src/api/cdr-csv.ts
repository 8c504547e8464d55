import { csvHeader, csvRow, type CsvColumn } from '@voltlane/api-kit';
import type { BillingCdr } from '@voltlane/contracts';

/** The CSV export of CDRs: RFC 4180 (CRLF, quoted where needed), decimal strings exactly as in the CDR. */
const COLUMNS: CsvColumn<BillingCdr>[] = [
  ['cdrId', (c) => c.cdrId],
  ['sessionId', (c) => c.sessionId],
  ['stationId', (c) => c.stationId],
  ['protocol', (c) => c.protocol],
  ['transactionRef', (c) => c.transactionRef],
  ['connectorId', (c) => c.connectorId],
  ['evseId', (c) => c.evseId],
  ['idTokenKey', (c) => c.idTokenKey],
  ['customerId', (c) => c.customerId],
  ['customerGroup', (c) => c.customerGroup],
  ['startedAt', (c) => c.startedAt],
  ['endedAt', (c) => c.endedAt],
  ['meterStartWh', (c) => c.meterStartWh],
  ['meterStopWh', (c) => c.meterStopWh],
  ['energyWh', (c) => c.energyWh],
  ['chargingSeconds', (c) => c.chargingSeconds],
  ['idleSeconds', (c) => c.idleSeconds],
  ['stoppedReason', (c) => c.stoppedReason],
  ['tariffId', (c) => c.tariff.id],
  ['tariffVersion', (c) => c.tariff.version],
  ['tariffName', (c) => c.tariff.name],
  ['tariffAssignment', (c) => c.tariff.assignment],
  ['taxRatePercent', (c) => c.tariff.taxRatePercent],
  ['currency', (c) => c.currency],
  ['subtotal', (c) => c.subtotal.amount],
  ['tax', (c) => c.tax.amount],
  ['totalExclTax', (c) => c.totalExclTax.amount],
  ['totalInclTax', (c) => c.totalInclTax.amount],
  ['anomalous', (c) => c.anomalous],
  ['anomalies', (c) => c.anomalies.join(';')],
  ['issuedAt', (c) => c.issuedAt],
];

export const CDR_CSV_HEADER = csvHeader(COLUMNS);

export function cdrCsvRow(cdr: BillingCdr): string {
  return csvRow(COLUMNS, cdr);
}
