import { energyDeliveredWh, energyRegisterWh } from './energy';
import type { NormalizedSample } from './normalized-sample';

function aSample(overrides: Partial<NormalizedSample> = {}): NormalizedSample {
  return {
    timestamp: '2024-05-01T10:00:00.000Z',
    measurand: 'Energy.Active.Import.Register',
    location: 'Outlet',
    context: 'Sample.Periodic',
    unit: 'Wh',
    value: '100',
    rawValue: '100',
    ...overrides,
  };
}

describe('energyRegisterWh', () => {
  it.each<[string, NormalizedSample[], string | null]>([
    ['no samples', [], null],
    ['one reading', [aSample({ value: '5' })], '5'],
    [
      'the latest by timestamp, not by position',
      [aSample({ timestamp: '2024-05-01T11:00:00.000Z', value: '900' }), aSample({ value: '100' })],
      '900',
    ],
    ['the last one on equal timestamps', [aSample({ value: '1' }), aSample({ value: '2' })], '2'],
    ['an Outlet reading over an Inlet one at the same time', [aSample({ value: '1' }), aSample({ value: '2', location: 'Inlet' })], '1'],
    [
      'ignores per-phase readings',
      [aSample({ value: '1' }), aSample({ timestamp: '2024-05-01T12:00:00.000Z', value: '9', phase: 'L1' })],
      '1',
    ],
    [
      'ignores other measurands',
      [aSample({ value: '1' }), aSample({ timestamp: '2024-05-01T12:00:00.000Z', measurand: 'Energy.Active.Import.Interval', value: '9' })],
      '1',
    ],
    [
      'ignores signed and invalid samples',
      [aSample({ value: '1' }), aSample({ timestamp: '2024-05-01T12:00:00.000Z', value: null, signed: { signedMeterData: 'x' } })],
      '1',
    ],
    ['ignores readings in another unit', [aSample({ unit: 'kWh', value: '1' })], null],
  ])('%s', (_name, samples, expected) => {
    expect(energyRegisterWh(samples)).toBe(expected);
  });
});

describe('energyDeliveredWh', () => {
  it.each<[string | number | null | undefined, string | number | null | undefined, string | null]>([
    ['1000', '13345.6', '12345.6'],
    [1000, 2500, '1500'],
    ['0.1', '0.3', '0.2'],
    ['5', '5', '0'],
    ['12345678901234567.000001', '12345678901234568', '0.999999'],
    [null, '5', null],
    ['5', undefined, null],
    ['abc', '5', null],
    ['10', '5', null],
    [Number.NaN, 5, null],
  ])('from %p to %p → %p', (start, end, expected) => {
    expect(energyDeliveredWh(start, end)).toBe(expected);
  });
});
