import { failSafeLimitA, failSafeLimitsA, type FailSafeInput } from './fail-safe-limit';
import type { LimitNode } from './model';
import { aNode, amps } from './testing/builders';

const SETTINGS = { safetyMarginPct: 0, voltageV: 230 };
const input = (nodes: LimitNode[], overrides: Partial<FailSafeInput> = {}): FailSafeInput => ({
  nodes,
  externalLimits: [],
  settings: SETTINGS,
  now: 0,
  acMinA: 6,
  ...overrides,
});

describe('failSafeLimitA: the TxDefault limit that is safe with every EVSE drawing it at once', () => {
  // grid 100 A → circuit 40 A (unmanaged 4 A on L2) → st1 (2 EVSE nodes, one rated 12 A) and st2 (evseCount 3)
  const nodes = [
    aNode('grid', null, { limitA: amps(100) }),
    aNode('c', 'grid', { kind: 'circuit', limitA: amps(40), unmanagedA: [0, 4, 0] }),
    aNode('st1', 'c', { kind: 'station' }),
    aNode('e1', 'st1', { kind: 'evse' }),
    aNode('e2', 'st1', { kind: 'evse', limitA: amps(12) }),
    aNode('st2', 'c', { kind: 'station', limitA: amps(32) }),
    aNode('st3', 'grid', { kind: 'station' }),
  ];

  it('divides each node’s capacity after unmanaged load by the EVSEs under it and takes the least', () => {
    const limits = failSafeLimitsA(input(nodes, { evseCounts: { st2: 3, st3: 2 } }));
    // c: (40 − 4) / (2 + 3) = 7.2; st1's EVSE e2 alone: 12; st2: 32 / 3 = 10.6; grid: (100 − 4) / 7 = 13.7; st3: grid only.
    expect(Object.fromEntries(limits)).toEqual({ st1: 7.2, st2: 7.2, st3: 13.7 });
  });

  it('counts EVSE child nodes before evseCount, and 1 when neither is known', () => {
    const limits = failSafeLimitsA(input(nodes, { evseCounts: { st1: 10 } }));
    // EVSEs: st1 2 (its EVSE nodes win over 10), st2 1, st3 1: c = 36 / 3 = 12; grid = 96 / 4 = 24.
    expect(Object.fromEntries(limits)).toEqual({ st1: 12, st2: 12, st3: 24 });
  });

  it('gives 0 below the AC minimum, and rounds down to 0.1 A', () => {
    expect(failSafeLimitA(input(nodes, { evseCounts: { st2: 6 } }), 'st1')).toBe(0); // c: 36 / 8 = 4.5, below 6
    expect(failSafeLimitA(input(nodes, { evseCounts: { st2: 6 }, acMinA: 4 }), 'st2')).toBe(4.5);
    expect(failSafeLimitA(input(nodes, { evseCounts: { st2: 7 }, acMinA: 4 }), 'st2')).toBe(4); // 36 / 9
  });

  it('applies external limits in force, the safety margin and a power limit (as three phases)', () => {
    const site = [aNode('grid', null, { limitA: amps(63), limitKw: 22 }), aNode('st', 'grid', { kind: 'station' })];
    expect(failSafeLimitA(input(site), 'st')).toBe(31.8); // 22 kW / 230 V / 3
    expect(failSafeLimitA(input(site, { settings: { safetyMarginPct: 10, voltageV: 230 } }), 'st')).toBe(28.6);
    const limited = input(site, { now: 50, externalLimits: [{ nodeId: 'grid', limitA: amps(16), validFrom: 0, validTo: 100 }] });
    expect(failSafeLimitA(limited, 'st')).toBe(16);
    expect(failSafeLimitA({ ...limited, now: 100 }, 'st')).toBe(31.8);
  });

  it('does not count on local generation; null when nothing on the path is limited', () => {
    const site = [aNode('grid', null, { limitA: amps(32), unmanagedA: [-20, 5, 0] }), aNode('st', 'grid', { kind: 'station' })];
    expect(failSafeLimitA(input(site), 'st')).toBe(27);
    expect(failSafeLimitA(input([aNode('grid', null), aNode('st', 'grid', { kind: 'station' })]), 'st')).toBeNull();
  });

  it('names a node that is not a station, and a bad EVSE count', () => {
    expect(() => failSafeLimitA(input(nodes), 'c')).toThrow('node "c": not a station node of this site');
    expect(() => failSafeLimitsA(input(nodes, { evseCounts: { st2: 0 } }))).toThrow('evseCounts["st2"] must be an integer ≥ 1, got 0');
  });
});
