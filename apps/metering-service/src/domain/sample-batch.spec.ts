import { normalizeMeterValues } from '@voltlane/metering-domain';
import { sampleRecords, type SampleBatchOrigin } from './sample-batch';

const origin = (overrides: Partial<SampleBatchOrigin> = {}): SampleBatchOrigin => ({
  stationId: 'CP1',
  protocol: 'ocpp1.6',
  action: 'MeterValues',
  messageId: 'm1',
  transactionRef: '7',
  evseId: 1,
  connectorId: null,
  ...overrides,
});

const samples = normalizeMeterValues('ocpp1.6', [
  {
    timestamp: '2026-01-10T10:00:00Z',
    sampledValue: [
      { value: '1', unit: 'kWh' },
      { value: '5', measurand: 'Current.Import', phase: 'L1' },
    ],
  },
]);

describe('sampleRecords', () => {
  it('derives the same UUID from the same natural key, whatever the message id or value', () => {
    const a = sampleRecords(origin(), samples);
    const b = sampleRecords(
      origin({ messageId: 'm2' }),
      normalizeMeterValues('ocpp1.6', [
        {
          timestamp: '2026-01-10T10:00:00.000Z',
          sampledValue: [
            { value: '2', unit: 'kWh' },
            { value: '6', measurand: 'Current.Import', phase: 'L1' },
          ],
        },
      ]),
    );
    expect(a.map((r) => r.sampleId)).toEqual(b.map((r) => r.sampleId));
    expect(a[0]?.sampleId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each<[string, Partial<SampleBatchOrigin>]>([
    ['station', { stationId: 'CP2' }],
    ['transaction', { transactionRef: null }],
    ['evse', { evseId: 2 }],
  ])('gives a different id when the %s differs', (_name, overrides) => {
    expect(sampleRecords(origin(overrides), samples)[0]?.sampleId).not.toBe(sampleRecords(origin(), samples)[0]?.sampleId);
  });

  it('keeps one record per key within a batch, drops unplaceable samples, flags values too large to store', () => {
    const twice = [...samples, ...samples, ...normalizeMeterValues('ocpp1.6', [{ timestamp: 'soon', sampledValue: [{ value: '1' }] }])];
    expect(sampleRecords(origin(), twice)).toHaveLength(2);
    const [huge] = sampleRecords(
      origin(),
      normalizeMeterValues('ocpp1.6', [{ timestamp: '2026-01-10T10:00:00Z', sampledValue: [{ value: '1e20' }] }]),
    );
    expect(huge).toMatchObject({ value: null, invalid: 'out-of-range', rawValue: '1e20' });
  });
});
