import type { MeterValue16, MeterValue2x } from './meter-value-input';
import { normalizeMeterValues } from './normalize-meter-values';

const T = '2024-05-01T10:00:00Z';
type SampledValue16 = MeterValue16['sampledValue'][number];
type SampledValue2x = MeterValue2x['sampledValue'][number];

function aMeterValue16(sv: Partial<SampledValue16>, timestamp = T): MeterValue16 {
  return { timestamp, sampledValue: [{ value: '0', ...sv }] };
}
function aMeterValue2x(sv: Partial<SampledValue2x>, timestamp = T): MeterValue2x {
  return { timestamp, sampledValue: [{ value: 0, ...sv }] };
}
const one16 = (sv: Partial<SampledValue16>, timestamp?: string) => {
  const [sample] = normalizeMeterValues('ocpp1.6', [aMeterValue16(sv, timestamp)]);
  return sample;
};
const one2x = (sv: Partial<SampledValue2x>, timestamp?: string) => {
  const [sample] = normalizeMeterValues('ocpp2.0.1', [aMeterValue2x(sv, timestamp)]);
  return sample;
};

describe('normalizeMeterValues — OCPP defaults', () => {
  it.each([
    ['ocpp1.6', () => one16({ value: '12' })],
    ['ocpp2.0.1', () => one2x({ value: 12 })],
  ])('%s: a bare value is an Outlet Sample.Periodic Energy.Active.Import.Register total in Wh', (_p, make) => {
    expect(make()).toEqual({
      timestamp: '2024-05-01T10:00:00.000Z',
      measurand: 'Energy.Active.Import.Register',
      location: 'Outlet',
      context: 'Sample.Periodic',
      unit: 'Wh',
      value: '12',
      rawValue: '12',
    });
  });

  it.each([
    ['Energy.Active.Import.Register', 'Wh'],
    ['Energy.Active.Export.Interval', 'Wh'],
    ['Energy.Reactive.Import.Register', 'varh'],
    ['Power.Active.Import', 'W'],
    ['Power.Offered', 'W'],
    ['Power.Reactive.Export', 'var'],
    ['Power.Factor', ''],
    ['Current.Import', 'A'],
    ['Voltage', 'V'],
    ['Frequency', 'Hz'],
    ['SoC', 'Percent'],
    ['Temperature', 'Celsius'],
    ['RPM', 'RPM'],
  ] as const)('1.6 %s without a unit defaults to %s', (measurand, unit) => {
    expect(one16({ value: '5', measurand }).unit).toBe(unit);
  });

  it.each([
    ['Energy.Apparent.Import', 'VAh'],
    ['Energy.Active.Net', 'Wh'],
    ['Current.Offered', 'A'],
  ] as const)('2.x %s without a unitOfMeasure defaults to %s', (measurand, unit) => {
    expect(one2x({ value: 5, measurand }).unit).toBe(unit);
  });

  it('keeps phase, location and context as sent', () => {
    expect(one16({ value: '230', measurand: 'Voltage', phase: 'L2-N', location: 'Inlet', context: 'Sample.Clock' })).toMatchObject({
      phase: 'L2-N',
      location: 'Inlet',
      context: 'Sample.Clock',
      value: '230',
    });
  });

  it('omits phase when absent (total)', () => {
    expect(one16({ value: '1' })).not.toHaveProperty('phase');
  });

  it('flattens every sampled value of every meter value, in order', () => {
    const samples = normalizeMeterValues('ocpp1.6', [
      { timestamp: T, sampledValue: [{ value: '1' }, { value: '2', measurand: 'Power.Active.Import', unit: 'kW' }] },
      { timestamp: '2024-05-01T10:15:00+02:00', sampledValue: [{ value: '3' }] },
    ]);
    expect(samples.map((s) => [s.timestamp, s.value, s.unit])).toEqual([
      ['2024-05-01T10:00:00.000Z', '1', 'Wh'],
      ['2024-05-01T10:00:00.000Z', '2000', 'W'],
      ['2024-05-01T08:15:00.000Z', '3', 'Wh'],
    ]);
  });
});

describe('normalizeMeterValues — 1.6 unit conversion', () => {
  it.each([
    ['Wh', '1234.5', 'Wh', '1234.5'],
    ['kWh', '12.3456', 'Wh', '12345.6'],
    ['kWh', '0.001', 'Wh', '1'],
    ['kWh', '1.5000', 'Wh', '1500'],
    ['varh', '7', 'varh', '7'],
    ['kvarh', '0.25', 'varh', '250'],
    ['W', '7400', 'W', '7400'],
    ['kW', '7.4', 'W', '7400'],
    ['VA', '11', 'VA', '11'],
    ['kVA', '11', 'VA', '11000'],
    ['var', '3', 'var', '3'],
    ['kvar', '0.003', 'var', '3'],
    ['A', '16.02', 'A', '16.02'],
    ['V', '229.9', 'V', '229.9'],
    ['K', '300.15', 'K', '300.15'],
    ['Celsius', '21.5', 'Celsius', '21.5'],
    ['Celcius', '21.5', 'Celsius', '21.5'],
    ['Fahrenheit', '70.7', 'Fahrenheit', '70.7'],
    ['Percent', '80', 'Percent', '80'],
  ] as const)('%s %s → %s %s', (unit, value, expectedUnit, expectedValue) => {
    expect(one16({ value, unit })).toMatchObject({ unit: expectedUnit, value: expectedValue, rawValue: value });
  });

  it('is exact where float arithmetic is not (0.1 + 0.2 kWh style values)', () => {
    expect(one16({ value: '1.1', unit: 'kWh' }).value).toBe('1100');
    expect(one16({ value: '0.0000001', unit: 'kWh' }).value).toBe('0.0001');
    expect(one16({ value: '123456789012.123456789', unit: 'kWh' }).value).toBe('123456789012123.456789');
  });
});

describe('normalizeMeterValues — 1.6 value parsing', () => {
  it.each([
    ['42', '42'],
    ['-3.5', '-3.5'],
    ['+7', '7'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['1e3', '1000'],
    ['2.5E-1', '0.25'],
    [' 12 ', '12'],
    ['-0', '0'],
    ['007', '7'],
  ])('accepts %j as %s', (value, expected) => {
    const sample = one16({ value });
    expect(sample.value).toBe(expected);
    expect(sample.invalid).toBeUndefined();
  });

  it.each(['', ' ', 'NaN', 'Infinity', '-Infinity', '0x1A', '0b101', '0o17', '1,5', '1 000', '12kWh', 'abc', '1e', '--1', '1.2.3'])(
    'flags %j as unparsable instead of throwing',
    (value) => {
      expect(one16({ value })).toMatchObject({ value: null, invalid: 'unparsable-value', rawValue: value });
    },
  );

  it('keeps SignedData verbatim and out of arithmetic', () => {
    expect(one16({ value: 'OCMF|{"RD":[]}|{"SD":"30"}', format: 'SignedData' })).toEqual({
      timestamp: '2024-05-01T10:00:00.000Z',
      measurand: 'Energy.Active.Import.Register',
      location: 'Outlet',
      context: 'Sample.Periodic',
      unit: 'Wh',
      value: null,
      rawValue: 'OCMF|{"RD":[]}|{"SD":"30"}',
      signed: { signedMeterData: 'OCMF|{"RD":[]}|{"SD":"30"}' },
    });
  });

  it('treats format Raw like no format', () => {
    expect(one16({ value: '9', format: 'Raw' }).value).toBe('9');
  });

  it('flags an unparsable timestamp and keeps its text', () => {
    expect(one16({ value: '9' }, 'yesterday')).toMatchObject({ timestamp: 'yesterday', value: null, invalid: 'invalid-timestamp' });
  });
});

describe('normalizeMeterValues — 2.x unitOfMeasure', () => {
  it.each([
    [{}, 1500, 'Wh', '1500'],
    [{ unit: 'Wh' }, 1500, 'Wh', '1500'],
    [{ unit: 'Wh', multiplier: 3 }, 1.5, 'Wh', '1500'],
    [{ multiplier: 3 }, 12.345, 'Wh', '12345'],
    [{ unit: 'Wh', multiplier: -3 }, 1500, 'Wh', '1.5'],
    [{ unit: 'Wh', multiplier: 0 }, 0.1, 'Wh', '0.1'],
    [{ unit: 'kWh' }, 1.5, 'Wh', '1500'],
    [{ unit: 'kWh', multiplier: 1 }, 1.5, 'Wh', '15000'],
    [{ unit: 'kWh', multiplier: -3 }, 7, 'Wh', '7'],
    [{ unit: 'kvarh' }, 2, 'varh', '2000'],
    [{ unit: 'kVAh' }, 2, 'VAh', '2000'],
    [{ unit: 'W', multiplier: 3 }, 7.4, 'W', '7400'],
    [{ unit: 'kW' }, 11, 'W', '11000'],
    [{ unit: 'kVA' }, 0.5, 'VA', '500'],
    [{ unit: 'kvar' }, 0.5, 'var', '500'],
    [{ unit: 'A', multiplier: -1 }, 160, 'A', '16'],
    [{ unit: 'V' }, 400, 'V', '400'],
    [{ unit: 'Hz' }, 50.01, 'Hz', '50.01'],
    [{ unit: 'Celsius' }, -4.5, 'Celsius', '-4.5'],
    [{ unit: 'Celcius' }, 20, 'Celsius', '20'],
    [{ unit: 'kwh' }, 2, 'Wh', '2000'],
    [{ unit: 'ASU' }, 12, 'ASU', '12'],
    [{ unit: 'ASU', multiplier: 2 }, 12, 'ASU', '1200'],
  ] as const)('unitOfMeasure %j with value %p → %s %s', (unitOfMeasure, value, unit, expected) => {
    expect(one2x({ value, unitOfMeasure })).toMatchObject({ unit, value: expected, rawValue: String(value) });
  });

  it.each<[Partial<SampledValue2x>, string]>([
    [{ value: 1, unitOfMeasure: { multiplier: 2147483647 } }, 'a multiplier of 2^31 − 1'],
    [{ value: 2.1298169160775867e192, unitOfMeasure: { unit: 'Wh' } }, 'a value of 2e192'],
    [{ value: 1e18, unitOfMeasure: { unit: 'Wh' } }, 'a value with 19 integer digits'],
    [{ value: 1e15, unitOfMeasure: { unit: 'kWh' } }, '1e15 kWh, 1e18 Wh once normalized'],
  ])('flags %j (%s) as out of range without writing the value out', (sv) => {
    expect(one2x(sv)).toMatchObject({ value: null, invalid: 'out-of-range', rawValue: String(sv.value) });
  });

  it.each<[Partial<SampledValue2x>, string]>([
    [{ value: 1, unitOfMeasure: { multiplier: -2147483648 } }, '0'],
    [{ value: 5e-324, unitOfMeasure: { unit: 'Wh' } }, '0'],
    [{ value: 4e-7, unitOfMeasure: { unit: 'Wh' } }, '0'],
    [{ value: 6e-7, unitOfMeasure: { unit: 'Wh' } }, '0.000001'],
    [{ value: 999999999999999.9, unitOfMeasure: { unit: 'Wh' } }, '999999999999999.9'],
  ])('keeps %j, below the stored scale rounded as PostgreSQL would → %s', (sv, expected) => {
    expect(one2x(sv)).toMatchObject({ value: expected });
  });

  it('flags a non-integer multiplier', () => {
    expect(one2x({ value: 1, unitOfMeasure: { multiplier: 1.5 } })).toMatchObject({ value: null, invalid: 'invalid-multiplier' });
  });

  it('keeps a 2.x signedMeterValue verbatim beside the reading, which still counts', () => {
    const signedMeterValue = { signedMeterData: 'AbC=', signingMethod: 'ECDSA-secp256r1-SHA256', encodingMethod: 'OCMF', publicKey: 'PK=' };
    expect(one2x({ value: 1.5, unitOfMeasure: { unit: 'kWh' }, signedMeterValue })).toMatchObject({
      value: '1500',
      rawValue: '1.5',
      unit: 'Wh',
      signed: signedMeterValue,
    });
  });

  it('accepts a 2.1 signedMeterValue without signingMethod and publicKey', () => {
    const [sample] = normalizeMeterValues('ocpp2.1', [
      { timestamp: T, sampledValue: [{ value: 3, signedMeterValue: { signedMeterData: 'x', encodingMethod: 'EDL' } }] },
    ]);
    expect(sample?.signed).toEqual({ signedMeterData: 'x', encodingMethod: 'EDL' });
  });

  it('keeps 2.1 locations such as Upstream', () => {
    const [sample] = normalizeMeterValues('ocpp2.1', [{ timestamp: T, sampledValue: [{ value: 3, location: 'Upstream' }] }]);
    expect(sample?.location).toBe('Upstream');
  });
});
