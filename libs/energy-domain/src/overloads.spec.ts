import type { LimitNode } from './model';
import { overloadedNodes } from './overloads';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const nodes: LimitNode[] = [
  { id: 'grid', parentId: null, kind: 'grid', limitA: [63, 63, 63], unmanagedA: [5, 0, 0] },
  { id: 'c1', parentId: 'grid', kind: 'circuit', limitKw: 10, unmanagedA: [0, 0, 0] },
  { id: 'cs1', parentId: 'c1', kind: 'station', unmanagedA: [0, 0, 0] },
];
const site = (over: Partial<Parameters<typeof overloadedNodes>[0]> = {}) => ({
  nodes,
  externalLimits: [],
  settings: { safetyMarginPct: 0, voltageV: 230 },
  now: NOW,
  ...over,
});

describe('overloadedNodes', () => {
  it('sums draws and unmanaged load under each node against its per-phase limit, with the tolerance', () => {
    expect(overloadedNodes(site(), [{ nodeId: 'cs1', currentA: [14, 14, 14] }], 0.5)).toEqual([]);
    // 58.3 A + 5 A unmanaged on L1 of the grid: 0.3 A over, within the tolerance …
    expect(
      overloadedNodes(
        site({ nodes: nodes.map((n) => (n.id === 'c1' ? { ...n, limitKw: undefined } : n)) }),
        [{ nodeId: 'cs1', currentA: [58.3, 0, 0] }],
        0.5,
      ),
    ).toEqual([]);
    // … 1 A over is an overload.
    expect(
      overloadedNodes(
        site({ nodes: nodes.map((n) => (n.id === 'c1' ? { ...n, limitKw: undefined } : n)) }),
        [{ nodeId: 'cs1', currentA: [59, 0, 0] }],
        0.5,
      ),
    ).toEqual(['grid']);
  });

  it('checks power limits as amperes over the phases', () => {
    // 10 kW at 230 V = 43.5 A over the three phases: 3 × 15 A = 45 A is over.
    expect(overloadedNodes(site(), [{ nodeId: 'cs1', currentA: [15, 15, 15] }], 0.5)).toEqual(['c1']);
  });

  it('uses the external limits in force and the safety margin', () => {
    const draws = [{ nodeId: 'cs1', currentA: [14, 14, 14] as const }];
    const dso = { nodeId: 'grid', limitA: [16, 16, 16] as const, validFrom: NOW - 1000 };
    expect(overloadedNodes(site({ externalLimits: [dso] }), draws, 0.5)).toEqual(['grid']);
    expect(overloadedNodes(site({ externalLimits: [{ ...dso, validFrom: NOW + 1000 }] }), draws, 0.5)).toEqual([]);
    // A 10 % margin leaves 56.7 A of the 63: 54 A + 5 A unmanaged on L1 is over.
    expect(
      overloadedNodes(
        site({
          settings: { safetyMarginPct: 10, voltageV: 230 },
          nodes: nodes.map((n) => (n.id === 'c1' ? { ...n, limitKw: undefined } : n)),
        }),
        [{ nodeId: 'cs1', currentA: [54, 0, 0] }],
        0.5,
      ),
    ).toEqual(['grid']);
  });
});
