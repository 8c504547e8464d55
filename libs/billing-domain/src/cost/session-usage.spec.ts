import { usageFromTotals, type UsageTotals } from './session-usage';

const start = new Date('2024-01-15T10:00:00Z');
const iso = (d: Date | null): string | null => d?.toISOString().slice(11, 19) ?? null;

describe('usageFromTotals', () => {
  it.each<[string, Partial<UsageTotals>, string, string[], string[]]>([
    ['no charging state: the whole session charges', { chargingSeconds: 0, idleSeconds: 0 }, '11:00:00', ['10:00:00-11:00:00'], []],
    ['charging first, idle last', { chargingSeconds: 1800, idleSeconds: 900 }, '11:00:00', ['10:00:00-10:30:00'], ['10:45:00-11:00:00']],
    ['idle only', { chargingSeconds: 0, idleSeconds: 600 }, '11:00:00', [], ['10:50:00-11:00:00']],
    [
      'totals longer than the session are clipped',
      { chargingSeconds: 3000, idleSeconds: 3000 },
      '11:00:00',
      ['10:00:00-10:50:00'],
      ['10:50:00-11:00:00'],
    ],
  ])('%s', (_name, totals, end, charging, idle) => {
    const usage = usageFromTotals(
      { startedAt: start, endedAt: new Date(`2024-01-15T${end}Z`), energyWh: 1000, chargingSeconds: 0, idleSeconds: 0, ...totals },
      new Date('2030-01-01T00:00:00Z'),
    );
    expect(usage.chargingIntervals.map((i) => `${iso(i.from)}-${iso(i.to)}`)).toEqual(charging);
    expect(usage.idleIntervals.map((i) => `${iso(i.from)}-${iso(i.to)}`)).toEqual(idle);
  });

  it('ends an ongoing session at now', () => {
    const usage = usageFromTotals(
      { startedAt: start, endedAt: null, energyWh: 10, chargingSeconds: 0, idleSeconds: 0 },
      new Date('2024-01-15T10:20:00Z'),
    );
    expect(usage.endedAt).toBeNull();
    expect(iso(usage.chargingIntervals[0].to)).toBe('10:20:00');
  });
});
