import { BillingError, BillingErrorCode } from '@voltlane/billing-domain';
import type { BillingCdr } from '@voltlane/contracts';
import { billingErrorStatus, billingProblem } from './billing-problems';
import { MONEY_PATTERN } from './billing-api.schemas';
import { CDR_CSV_HEADER, cdrCsvRow } from './cdr-csv';

describe('billing error → HTTP status', () => {
  it('maps every code', () => {
    for (const code of Object.values(BillingErrorCode)) expect(billingErrorStatus(code).status).toBeGreaterThanOrEqual(400);
    expect(billingErrorStatus(BillingErrorCode.UnknownTariff).status).toBe(404);
    expect(billingErrorStatus(BillingErrorCode.InvalidTariff).status).toBe(400);
    expect(billingErrorStatus(BillingErrorCode.NoApplicableTariff).status).toBe(409);
    expect(billingProblem(new BillingError(BillingErrorCode.InvalidAmount, 'no'))).toMatchObject({
      status: 400,
      detail: 'no',
      extra: { code: 'InvalidAmount' },
    });
  });
});

describe('money pattern', () => {
  it.each(['0', '0.35', '12.5', '999999999999.999999'])('accepts %s', (value) => expect(new RegExp(MONEY_PATTERN).test(value)).toBe(true));
  it.each(['-1', '01', '1e3', '0.1234567', '0.30000000000000004', '1.', '.5', ' 1', 'NaN'])('refuses %s', (value) =>
    expect(new RegExp(MONEY_PATTERN).test(value)).toBe(false),
  );
});

describe('CDR CSV (RFC 4180)', () => {
  it('writes a header and one CRLF-terminated row per CDR with decimal strings unchanged', () => {
    const cdr = {
      cdrId: 'c1',
      sessionId: 's1',
      stationId: 'CS,1',
      protocol: 'ocpp2.0.1',
      transactionRef: 'tx "1"',
      connectorId: null,
      evseId: 1,
      idTokenKey: null,
      customerId: null,
      customerGroup: null,
      startedAt: 'a',
      endedAt: 'b',
      meterStartWh: 0,
      meterStopWh: 10,
      energyWh: 10,
      chargingSeconds: 1,
      idleSeconds: 0,
      stoppedReason: null,
      tariff: { id: 't', version: 2, name: 'Night', assignment: 'default', timeZone: 'UTC', taxRatePercent: '19', rounding: 'HALF_UP' },
      currency: 'EUR',
      lines: [],
      subtotal: { amount: '0.30', currency: 'EUR' },
      tax: { amount: '0.06', currency: 'EUR' },
      totalExclTax: { amount: '0.30', currency: 'EUR' },
      totalInclTax: { amount: '0.36', currency: 'EUR' },
      anomalies: ['A', 'B'],
      anomalous: true,
      issuedAt: 'c',
    } as unknown as BillingCdr;
    expect(CDR_CSV_HEADER.startsWith('cdrId,sessionId,stationId,')).toBe(true);
    expect(CDR_CSV_HEADER.endsWith('\r\n')).toBe(true);
    const row = cdrCsvRow(cdr);
    expect(row).toContain('"CS,1"');
    expect(row).toContain('"tx ""1"""');
    expect(row).toContain(',0.30,0.06,0.30,0.36,true,A;B,c\r\n');
    expect(row.split(',').length).toBeGreaterThan(20);
  });

  it('defuses text a spreadsheet would run as a formula (a leading - too) and keeps negative amounts numbers', () => {
    const cdr = {
      cdrId: 'c2',
      sessionId: 's2',
      stationId: '@CS2',
      protocol: 'ocpp1.6',
      transactionRef: '-1+cmd',
      connectorId: 1,
      evseId: null,
      idTokenKey: '=HYPERLINK("http://x")',
      customerId: '+c',
      customerGroup: null,
      startedAt: 'a',
      endedAt: 'b',
      meterStartWh: 0,
      meterStopWh: 0,
      energyWh: 0,
      chargingSeconds: 0,
      idleSeconds: 0,
      stoppedReason: '\tLocal',
      tariff: { id: 't', version: 1, name: '-Night', assignment: 'default', timeZone: 'UTC', taxRatePercent: '19', rounding: 'HALF_UP' },
      currency: 'EUR',
      lines: [],
      subtotal: { amount: '-0.10', currency: 'EUR' },
      tax: { amount: '0.00', currency: 'EUR' },
      totalExclTax: { amount: '-0.10', currency: 'EUR' },
      totalInclTax: { amount: '-0.10', currency: 'EUR' },
      anomalies: [],
      anomalous: false,
      issuedAt: 'c',
    } as unknown as BillingCdr;
    const cells = cdrCsvRow(cdr).trimEnd().split(',');
    const fields = Object.fromEntries(
      CDR_CSV_HEADER.trimEnd()
        .split(',')
        .map((name, i) => [name, cells[i]]),
    );
    expect(fields).toMatchObject({
      stationId: "'@CS2",
      transactionRef: "'-1+cmd",
      idTokenKey: `"'=HYPERLINK(""http://x"")"`,
      customerId: "'+c",
      stoppedReason: "'\tLocal",
      tariffName: "'-Night",
      subtotal: '-0.10',
      totalInclTax: '-0.10',
    });
  });
});
