import type { MeteringSample } from '@voltlane/contracts';
import { drawingPhases, measuredPhases } from './phase-currents';

const sample = (
  phase: string | undefined,
  value: string,
  timestamp = '2024-01-15T10:00:00.000Z',
  extra: Partial<MeteringSample> = {},
): MeteringSample => ({
  sampleId: '3c5e8a10-6b2f-8d41-a9e3-51f7c0d2b6e8',
  timestamp,
  measurand: 'Current.Import',
  ...(phase ? { phase } : {}),
  location: 'Outlet',
  context: 'Sample.Periodic',
  unit: 'A',
  value,
  rawValue: value,
  ...extra,
});

describe('measured per-phase currents', () => {
  it('keeps the latest value per phase; totals, other measurands and other locations do not count', () => {
    const measured = measuredPhases([
      sample('L1', '15.5'),
      sample('L1', '16.0', '2024-01-15T10:00:10.000Z'),
      sample('L2-N', '0.2'),
      sample(undefined, '32'),
      sample('L3', '40', undefined, { location: 'Inlet' }),
      sample('L3', '9', undefined, { measurand: 'Current.Offered' }),
    ]);
    expect(measured).toEqual({ currents: [16, 0.2, undefined], at: Date.parse('2024-01-15T10:00:10.000Z') });
  });

  it('nothing per phase: undefined', () => {
    expect(measuredPhases([sample(undefined, '16')])).toBeUndefined();
  });

  it('learns 1 or 3 phases from what draws more than 1 A', () => {
    expect(drawingPhases([16, 0.2, 0.1])).toBe(1);
    expect(drawingPhases([16, 15.8, 16.1])).toBe(3);
    expect(drawingPhases([16, 15.8, undefined])).toBe(3);
    expect(drawingPhases([0.5, 0, 0])).toBeUndefined();
  });
});
