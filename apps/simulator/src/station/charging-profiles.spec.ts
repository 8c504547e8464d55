import { ChargingProfileStore, type StoredProfile } from './charging-profiles';

const T0 = Date.parse('2026-01-01T00:00:00Z');

const aProfile = (overrides: Partial<StoredProfile> = {}): StoredProfile => ({
  id: 1,
  stackLevel: 0,
  purpose: 'TxDefault',
  connectorId: 0,
  kind: 'Absolute',
  startSchedule: T0,
  unit: 'W',
  periods: [{ startPeriod: 0, limit: 11_000 }],
  installedAt: T0,
  raw: {},
  ...overrides,
});

describe('ChargingProfileStore', () => {
  it('imposes no limit without profiles', () => {
    expect(new ChargingProfileStore().limitW(1, T0, undefined)).toBe(Infinity);
  });

  it('takes the highest valid stack level within a purpose and the minimum over purposes', () => {
    const store = new ChargingProfileStore();
    store.install(aProfile({ id: 1, stackLevel: 0, periods: [{ startPeriod: 0, limit: 11_000 }] }));
    store.install(aProfile({ id: 2, stackLevel: 1, periods: [{ startPeriod: 0, limit: 16_000 }] }));
    expect(store.limitW(1, T0 + 1000, undefined)).toBe(16_000);
    store.install(aProfile({ id: 3, purpose: 'StationMax', periods: [{ startPeriod: 0, limit: 7_000 }] }));
    expect(store.limitW(1, T0 + 1000, undefined)).toBe(7_000);
  });

  it('converts amperes with the period phases (3 by default)', () => {
    const store = new ChargingProfileStore();
    store.install(aProfile({ unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] }));
    expect(store.limitW(1, T0, undefined)).toBe(11_040);
    store.install(aProfile({ id: 2, stackLevel: 1, unit: 'A', periods: [{ startPeriod: 0, limit: 16, numberPhases: 1 }] }));
    expect(store.limitW(1, T0, undefined)).toBe(3_680);
  });

  it('follows the periods of a schedule over time and stops at its duration', () => {
    const store = new ChargingProfileStore();
    store.install(
      aProfile({
        durationS: 7200,
        periods: [
          { startPeriod: 0, limit: 11_000 },
          { startPeriod: 3600, limit: 5_000 },
        ],
      }),
    );
    expect(store.limitW(1, T0 + 10_000, undefined)).toBe(11_000);
    expect(store.limitW(1, T0 + 3_700_000, undefined)).toBe(5_000);
    expect(store.limitW(1, T0 + 7_300_000, undefined)).toBe(Infinity);
  });

  it('lets a connector TxDefaultProfile replace the station-wide one, and TxProfile needs its transaction', () => {
    const store = new ChargingProfileStore();
    store.install(aProfile({ id: 1, connectorId: 0, periods: [{ startPeriod: 0, limit: 3_000 }] }));
    store.install(aProfile({ id: 2, connectorId: 2, periods: [{ startPeriod: 0, limit: 9_000 }] }));
    expect(store.limitW(1, T0, undefined)).toBe(3_000);
    expect(store.limitW(2, T0, undefined)).toBe(9_000);
    store.install(
      aProfile({
        id: 3,
        purpose: 'Tx',
        connectorId: 2,
        kind: 'Relative',
        startSchedule: undefined,
        periods: [{ startPeriod: 0, limit: 4_000 }],
      }),
    );
    expect(store.limitW(2, T0, undefined)).toBe(9_000);
    expect(store.limitW(2, T0, { startedAt: T0, transactionId: 5 })).toBe(4_000);
    store.endTransaction(2);
    expect(store.limitW(2, T0, { startedAt: T0, transactionId: 5 })).toBe(9_000);
  });

  it('replaces a profile with the same purpose and stack level, and clears by criteria', () => {
    const store = new ChargingProfileStore();
    store.install(aProfile({ id: 1 }));
    store.install(aProfile({ id: 2 }));
    expect(store.size).toBe(1);
    store.install(aProfile({ id: 3, stackLevel: 2 }));
    expect(store.clear({ stackLevel: 2 })).toBe(1);
    expect(store.clear({ id: 99 })).toBe(0);
    expect(store.clear({})).toBe(1);
  });

  it('builds a composite schedule with the change points', () => {
    const store = new ChargingProfileStore();
    store.install(
      aProfile({
        periods: [
          { startPeriod: 0, limit: 11_000 },
          { startPeriod: 600, limit: 5_000 },
        ],
      }),
    );
    expect(store.composite(1, T0, 1200, 'W', 22_000, undefined)).toEqual([
      { startPeriod: 0, limit: 11_000 },
      { startPeriod: 600, limit: 5_000 },
    ]);
    expect(new ChargingProfileStore().composite(1, T0, 60, 'A', 22_080, undefined)).toEqual([{ startPeriod: 0, limit: 32 }]);
  });

  describe('per-phase current limits', () => {
    const onePhase = { phases: 1 as const, maxCurrentA: 32 };
    const threePhase = { phases: 3 as const, maxCurrentA: 32 };

    it('keeps amperes per phase: a 1-phase vehicle under 16 A draws 16 A on one phase, a 3-phase one on three', () => {
      const store = new ChargingProfileStore();
      store.install(aProfile({ unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] }));
      expect(store.limit(1, T0, undefined)).toEqual({ currentA: 16 });
      expect(store.limitW(1, T0, undefined, onePhase)).toBe(3_680);
      expect(store.limitW(1, T0, undefined, threePhase)).toBe(11_040);
      // Above the vehicle's own maximum the vehicle's maximum counts.
      store.install(aProfile({ unit: 'A', periods: [{ startPeriod: 0, limit: 63 }] }));
      expect(store.limitW(1, T0, undefined, onePhase)).toBe(7_360);
    });

    it('uses min(vehicle phases, numberPhases) phases', () => {
      const store = new ChargingProfileStore();
      store.install(aProfile({ unit: 'A', periods: [{ startPeriod: 0, limit: 20, numberPhases: 1 }] }));
      expect(store.limit(1, T0, undefined)).toEqual({ currentA: 20, numberPhases: 1 });
      expect(store.limitW(1, T0, undefined, threePhase)).toBe(4_600);
      expect(store.limitW(1, T0, undefined, onePhase)).toBe(4_600);
    });

    it('caps power with a W limit whatever the phases, and combines purposes by the smallest of each', () => {
      const store = new ChargingProfileStore();
      store.install(aProfile({ unit: 'W', periods: [{ startPeriod: 0, limit: 5_000 }] }));
      store.install(aProfile({ id: 2, purpose: 'StationMax', unit: 'A', periods: [{ startPeriod: 0, limit: 10 }] }));
      expect(store.limit(1, T0, undefined)).toEqual({ currentA: 10, powerW: 5_000 });
      expect(store.limitW(1, T0, undefined, onePhase)).toBe(2_300);
      expect(store.limitW(1, T0, undefined, threePhase)).toBe(5_000);
      store.install(
        aProfile({
          id: 3,
          purpose: 'Tx',
          kind: 'Relative',
          connectorId: 1,
          unit: 'A',
          periods: [{ startPeriod: 0, limit: 6, numberPhases: 1 }],
        }),
      );
      // The transaction's TxProfile overrules the TxDefaultProfile (its 5 kW no longer counts); the station maximum still does.
      expect(store.limit(1, T0, { startedAt: T0, transactionId: 'tx' })).toEqual({ currentA: 6, numberPhases: 1 });
      expect(store.limit(2, T0, { startedAt: T0, transactionId: 'other' })).toEqual({ currentA: 10, powerW: 5_000 });
    });

    it('reports the composite schedule in A per phase and in W over the phases', () => {
      const store = new ChargingProfileStore();
      store.install(
        aProfile({
          unit: 'A',
          periods: [
            { startPeriod: 0, limit: 16 },
            { startPeriod: 600, limit: 10, numberPhases: 1 },
          ],
        }),
      );
      expect(store.composite(1, T0, 1200, 'A', 22_080, undefined)).toEqual([
        { startPeriod: 0, limit: 16 },
        { startPeriod: 600, limit: 10, numberPhases: 1 },
      ]);
      expect(store.composite(1, T0, 1200, 'W', 22_080, undefined)).toEqual([
        { startPeriod: 0, limit: 11_040 },
        { startPeriod: 600, limit: 2_300, numberPhases: 1 },
      ]);
      const watts = new ChargingProfileStore();
      watts.install(aProfile({ unit: 'W', periods: [{ startPeriod: 0, limit: 6_900 }] }));
      expect(watts.composite(1, T0, 60, 'A', 22_080, undefined)).toEqual([{ startPeriod: 0, limit: 10 }]);
    });

    it('lists the instants a limit may change between two times', () => {
      const store = new ChargingProfileStore();
      store.install(
        aProfile({
          durationS: 1800,
          periods: [
            { startPeriod: 0, limit: 11_000 },
            { startPeriod: 600, limit: 5_000 },
          ],
        }),
      );
      expect(store.changesBetween(T0 - 1000, T0 + 3_600_000, undefined)).toEqual([T0, T0 + 600_000, T0 + 1_800_000]);
      expect(store.changesBetween(T0 + 700_000, T0 + 800_000, undefined)).toEqual([]);
    });
  });
});
