import type { Tariff } from '@voltlane/billing-domain';
import { billingCdrContract, type BillingCdr, type CdrCostLine } from '@voltlane/contracts';
import { cdrLocationOf, chargingPeriodsOf, componentCost, ocpiCdrOf } from './cdr-mapping';
import type { PublishedLocation } from './session-mapping';

const money = (amount: string) => ({ amount, currency: 'EUR' });
const line = (
  component: CdrCostLine['component'],
  quantity: string,
  unit: CdrCostLine['unit'],
  unitPrice: string,
  amount: string,
  band: string | null = null,
) => ({
  component,
  band,
  quantity,
  unit,
  unitPrice: money(unitPrice),
  amount: money(amount),
});

/**
 * 10:00–11:00 UTC: 45 charging minutes, 10 idle minutes at the end (5 minutes neither between).
 * 12.345 kWh × 0.349 = 4.308405 → 4.31; 45 min × 0.05 = 2.25; 10 min × 0.10 = 1.00; fee 1.00;
 * net 8.56; VAT 19 % = 1.6264 → 1.63; gross 10.19.
 */
function cdr(fields: Partial<BillingCdr> = {}): BillingCdr {
  return billingCdrContract.outgoing({
    cdrId: '0b7f5a52-8d1e-5c4a-9f3e-7a6b5c4d3e2f',
    sessionId: '6f1c2a9e-4b7d-4c3e-9a51-2d8e0f7b1c44',
    stationId: 'CP-1',
    protocol: 'ocpp2.0.1',
    transactionRef: 'tx-1',
    connectorId: null,
    evseId: 1,
    idTokenKey: 'ISO14443:04A2B3C4',
    customerId: null,
    customerGroup: null,
    startedAt: '2026-03-02T10:00:00.000Z',
    endedAt: '2026-03-02T11:00:00.000Z',
    meterStartWh: 1000,
    meterStopWh: 13345,
    energyWh: 12345,
    chargingSeconds: 2700,
    idleSeconds: 600,
    stoppedReason: 'EVDisconnected',
    tariff: {
      id: 'tariff-1',
      version: 3,
      name: 'Standard',
      assignment: 'default',
      timeZone: 'UTC',
      taxRatePercent: '19',
      rounding: 'HALF_UP',
    },
    currency: 'EUR',
    lines: [
      line('energy', '12.345', 'kWh', '0.349', '4.31'),
      line('chargingTime', '45', 'min', '0.05', '2.25'),
      line('idleTime', '10', 'min', '0.10', '1.00'),
      line('sessionFee', '1', 'session', '1.00', '1.00'),
    ],
    subtotal: money('8.56'),
    tax: money('1.63'),
    totalExclTax: money('8.56'),
    totalInclTax: money('10.19'),
    anomalies: [],
    anomalous: false,
    issuedAt: '2026-03-02T11:00:01.000Z',
    ...fields,
  });
}

const LOCATION: PublishedLocation = {
  locationId: 'LOC-1',
  name: 'Depot',
  address: 'Main St 1',
  city: 'Utrecht',
  postalCode: '3511 AA',
  state: null,
  country: 'NLD',
  latitude: '52.090737',
  longitude: '5.121420',
  connector: { standard: 'IEC_62196_T2_COMBO', format: 'CABLE', powerType: 'DC' },
};
const PLACE = { locationId: 'LOC-1', evseUid: 'CP-1-1', connectorId: '1' };
const NOW = new Date('2026-03-02T11:00:02.000Z');

/** The CDR's tariff with a day band 10:30–12:00 (UTC). */
const BANDED: Tariff = {
  id: 'tariff-1',
  version: 3,
  name: 'Standard',
  currency: 'EUR',
  timeZone: 'UTC',
  energyPerKwh: '0.349',
  chargingPerMinute: '0.05',
  idlePerMinute: '0.10',
  idleGraceMinutes: 0,
  sessionFee: '1.00',
  bands: [{ name: 'day', from: '10:30', to: '12:00', energyPerKwh: '0.40' }],
  taxRatePercent: '19',
  rounding: 'HALF_UP',
  validFrom: new Date('2026-01-01T00:00:00Z'),
  validTo: null,
};

describe('the OCPI CDR of a billing CDR', () => {
  const built = () =>
    ocpiCdrOf({
      cdr: cdr(),
      cpo: { countryCode: 'NL', partyId: 'VLT' },
      cdrToken: { country_code: 'DE', party_id: 'EMS', uid: '04a2b3c4', type: 'RFID', contract_id: 'DE-EMS-C12345678' },
      origin: { authMethod: 'COMMAND', authorizationReference: 'ref-1' },
      location: cdrLocationOf(PLACE, { location: LOCATION, evseUid: 'CP-1-1' }, 'NL*VLT*ECP1*1'),
      tariffs: [],
      tariff: undefined,
      now: NOW,
    });

  it('carries the billed money exactly: totals as billed, each component net with its VAT', () => {
    const ocpi = built();
    expect(JSON.stringify(ocpi.total_cost)).toBe('{"excl_vat":8.56,"incl_vat":10.19}');
    // 4.31 × 0.19 = 0.8189 → 0.82
    expect(ocpi.total_energy_cost).toEqual({ excl_vat: 4.31, incl_vat: 5.13 });
    // 2.25 × 0.19 = 0.4275 → 0.43
    expect(ocpi.total_time_cost).toEqual({ excl_vat: 2.25, incl_vat: 2.68 });
    expect(ocpi.total_parking_cost).toEqual({ excl_vat: 1, incl_vat: 1.19 });
    expect(ocpi.total_fixed_cost).toEqual({ excl_vat: 1, incl_vat: 1.19 });
  });

  it('is the session’s CDR: ids, token, authorization, location, energy and times', () => {
    expect(built()).toMatchObject({
      country_code: 'NL',
      party_id: 'VLT',
      id: '0b7f5a52-8d1e-5c4a-9f3e-7a6b5c4d3e2f',
      session_id: '6f1c2a9e-4b7d-4c3e-9a51-2d8e0f7b1c44',
      start_date_time: '2026-03-02T10:00:00.000Z',
      end_date_time: '2026-03-02T11:00:00.000Z',
      cdr_token: { country_code: 'DE', party_id: 'EMS', uid: '04a2b3c4', type: 'RFID', contract_id: 'DE-EMS-C12345678' },
      auth_method: 'COMMAND',
      authorization_reference: 'ref-1',
      cdr_location: {
        id: 'LOC-1',
        name: 'Depot',
        address: 'Main St 1',
        city: 'Utrecht',
        postal_code: '3511 AA',
        country: 'NLD',
        coordinates: { latitude: '52.090737', longitude: '5.121420' },
        evse_uid: 'CP-1-1',
        evse_id: 'NL*VLT*ECP1*1',
        connector_id: '1',
        connector_standard: 'IEC_62196_T2_COMBO',
        connector_format: 'CABLE',
        connector_power_type: 'DC',
      },
      currency: 'EUR',
      total_energy: 12.345,
      total_time: 1,
      total_parking_time: 0.166667,
      remark: 'Stopped: EVDisconnected',
      last_updated: NOW.toISOString(),
    });
  });

  it('leaves out the cost of a component the CDR has no line for', () => {
    const energyOnly = cdr({
      lines: [line('energy', '12.345', 'kWh', '0.349', '4.31')],
      subtotal: money('4.31'),
      tax: money('0.82'),
      totalExclTax: money('4.31'),
      totalInclTax: money('5.13'),
    });
    const ocpi = ocpiCdrOf({
      cdr: energyOnly,
      cpo: { countryCode: 'NL', partyId: 'VLT' },
      cdrToken: { country_code: 'DE', party_id: 'EMS', uid: 'u', type: 'RFID', contract_id: 'c' },
      origin: { authMethod: 'WHITELIST' },
      location: cdrLocationOf(PLACE, { location: LOCATION, evseUid: null }, 'NL*VLT*ECP1*1'),
      tariffs: [],
      tariff: undefined,
      now: NOW,
    });
    expect(ocpi).not.toHaveProperty('total_time_cost');
    expect(ocpi).not.toHaveProperty('total_parking_cost');
    expect(ocpi).not.toHaveProperty('total_fixed_cost');
    expect(ocpi).not.toHaveProperty('authorization_reference');
    expect(componentCost(energyOnly, 'energy')).toEqual({ excl_vat: 4.31, incl_vat: 5.13 });
  });

  it('rounds component VAT with the tariff’s rounding (1.25 × 10 % = 0.125: HALF_EVEN 0.12, HALF_UP 0.13)', () => {
    const lines = [line('energy', '2.5', 'kWh', '0.50', '1.25')];
    const even = cdr({ tariff: { ...cdr().tariff, taxRatePercent: '10', rounding: 'HALF_EVEN' }, lines });
    expect(componentCost(even, 'energy')).toEqual({ excl_vat: 1.25, incl_vat: 1.37 });
    const up = cdr({ tariff: { ...cdr().tariff, taxRatePercent: '10', rounding: 'HALF_UP' }, lines });
    expect(componentCost(up, 'energy')).toEqual({ excl_vat: 1.25, incl_vat: 1.38 });
  });
});

describe('charging periods', () => {
  it('lay the session out as billing priced it: charging, then neither, then idle (parking)', () => {
    expect(chargingPeriodsOf(cdr(), undefined)).toEqual({
      periods: [
        {
          start_date_time: '2026-03-02T10:00:00.000Z',
          dimensions: [
            { type: 'ENERGY', volume: 12.345 },
            { type: 'TIME', volume: 0.75 },
          ],
          tariff_id: 'tariff-1',
        },
        { start_date_time: '2026-03-02T10:45:00.000Z', dimensions: [{ type: 'ENERGY', volume: 0 }], tariff_id: 'tariff-1' },
        { start_date_time: '2026-03-02T10:50:00.000Z', dimensions: [{ type: 'PARKING_TIME', volume: 0.166667 }], tariff_id: 'tariff-1' },
      ],
      parkingMs: 600_000,
    });
  });

  it('start a new period where a time-of-day band of the tariff begins, the energy shared by time', () => {
    const { periods } = chargingPeriodsOf(cdr(), BANDED);
    expect(periods.map((p) => [p.start_date_time.slice(11, 16), ...p.dimensions.map((d) => `${d.type} ${d.volume}`)])).toEqual([
      ['10:00', 'ENERGY 8.23', 'TIME 0.5'],
      ['10:30', 'ENERGY 4.115', 'TIME 0.25'],
      ['10:45', 'ENERGY 0'],
      ['10:50', 'PARKING_TIME 0.166667'],
    ]);
  });

  it('give the last charging piece the remainder, so the shares add up to the energy exactly', () => {
    // Bands cut 10:00–10:45 into three 15-minute pieces: 10 kWh / 3.
    const thirds: Tariff = {
      ...BANDED,
      bands: [
        { name: 'a', from: '10:15', to: '10:30', energyPerKwh: '0.40' },
        { name: 'b', from: '10:30', to: '11:00', energyPerKwh: '0.45' },
      ],
    };
    const { periods } = chargingPeriodsOf(cdr({ energyWh: 10000, idleSeconds: 0, endedAt: '2026-03-02T10:45:00.000Z' }), thirds);
    expect(periods.map((p) => p.dimensions[0])).toEqual([
      { type: 'ENERGY', volume: 3.333333 },
      { type: 'ENERGY', volume: 3.333333 },
      { type: 'ENERGY', volume: 3.333334 },
    ]);
  });

  it('make a session without duration one period at its start with all the energy', () => {
    const instant = cdr({ endedAt: '2026-03-02T10:00:00.000Z', chargingSeconds: 0, idleSeconds: 0, energyWh: 5 });
    expect(chargingPeriodsOf(instant, undefined).periods).toEqual([
      {
        start_date_time: '2026-03-02T10:00:00.000Z',
        dimensions: [
          { type: 'ENERGY', volume: 0.005 },
          { type: 'TIME', volume: 0 },
        ],
        tariff_id: 'tariff-1',
      },
    ]);
  });

  it('put the energy into the first period when only idle time was reported', () => {
    const idleOnly = cdr({ chargingSeconds: 0, idleSeconds: 3600, energyWh: 2000 });
    expect(chargingPeriodsOf(idleOnly, undefined).periods).toEqual([
      {
        start_date_time: '2026-03-02T10:00:00.000Z',
        dimensions: [
          { type: 'ENERGY', volume: 2 },
          { type: 'PARKING_TIME', volume: 1 },
        ],
        tariff_id: 'tariff-1',
      },
    ]);
  });
});

describe('the CDR location', () => {
  it('is #NA where a station in no location has nothing to give', () => {
    const location = cdrLocationOf(
      { locationId: 'CP-9', evseUid: 'CP-9-1', connectorId: '1' },
      { location: null, evseUid: null },
      'NL*VLT*ECP9*1',
    );
    expect(location).toEqual({
      id: 'CP-9',
      address: '#NA',
      city: '#NA',
      country: '#NA',
      coordinates: { latitude: '#NA', longitude: '#NA' },
      evse_uid: 'CP-9-1',
      evse_id: 'NL*VLT*ECP9*1',
      connector_id: '1',
      connector_standard: 'IEC_62196_T2',
      connector_format: 'SOCKET',
      connector_power_type: 'AC_3_PHASE',
    });
  });
});
