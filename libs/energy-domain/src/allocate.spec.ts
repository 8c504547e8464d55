import { allocate } from './allocate';
import type { AllocationInput, SessionAllocation } from './model';
import { gridPhasesOf } from './phase-rotation';
import { aFixedDraw, aNode, aSession, amps, anInput, oneStationSite } from './testing/builders';

const byId = (input: AllocationInput): Record<string, SessionAllocation> =>
  Object.fromEntries(allocate(input).sessions.map((s) => [s.sessionId, s]));
const limits = (input: AllocationInput): Record<string, number> =>
  Object.fromEntries(allocate(input).sessions.map((s) => [s.sessionId, s.limitA]));

describe('allocate: minimums and pauses (rules 2 and 3)', () => {
  it('gives every session its minimum when it fits and shares the rest equally, rounded down to 0.1 A', () => {
    const result = byId(
      anInput(
        oneStationSite(20),
        ['a', 'b', 'c'].map((id) => aSession(id, 'st')),
      ),
    );
    expect(Object.values(result).map((s) => [s.limitA, s.status, s.limitingNodeId])).toEqual([
      [6.6, 'Capped', 'grid'],
      [6.6, 'Capped', 'grid'],
      [6.6, 'Capped', 'grid'],
    ]);
    expect(result.a.reason).toBe('Capped at 6.6 A below its demand of 32 A: node "grid" L1 current limit reached');
  });

  it('pauses the lowest priority whose minimum does not fit, naming the node and what was left', () => {
    const input = anInput(oneStationSite(16), [
      aSession('low', 'st', { priority: 0, startedAt: 0 }),
      aSession('high', 'st', { priority: 5, startedAt: 100 }),
      aSession('mid', 'st', { priority: 1, startedAt: 50 }),
    ]);
    const result = byId(input);
    expect([result.high.limitA, result.mid.limitA, result.low.limitA]).toEqual([10, 6, 0]);
    expect(result.low).toMatchObject({ status: 'Paused', limitingNodeId: 'grid' });
    expect(result.low.reason).toBe(
      'Paused: its minimum of 6 A does not fit under node "grid" L1 current limit (4 A left after the sessions before it in priority order)',
    );
  });

  it('within a priority, the earlier session keeps its minimum; on equal start, the lower sessionId', () => {
    expect(limits(anInput(oneStationSite(10), [aSession('a', 'st', { startedAt: 200 }), aSession('b', 'st', { startedAt: 100 })]))).toEqual(
      {
        a: 0,
        b: 10,
      },
    );
    expect(limits(anInput(oneStationSite(10), [aSession('y', 'st'), aSession('x', 'st')]))).toEqual({ y: 0, x: 10 });
  });

  it('a session with EV needs goes before the others of its priority', () => {
    const input = anInput(oneStationSite(10), [
      aSession('a', 'st', { startedAt: 0 }),
      aSession('b', 'st', { startedAt: 100, requiredA: 8 }),
    ]);
    expect(limits(input)).toEqual({ a: 0, b: 10 });
  });

  it('an overcommitted node pauses every session under it and nothing else', () => {
    const nodes = [
      aNode('grid', null, { limitA: amps(63) }),
      aNode('c', 'grid', { kind: 'circuit', limitA: amps(16), unmanagedA: [20, 0, 0] }),
      aNode('s1', 'c'),
      aNode('s2', 'grid'),
    ];
    const result = allocate(anInput(nodes, [aSession('under', 's1', { gridPhases: [1], minA: 0 }), aSession('other', 's2')]));
    expect(result.overcommitted).toEqual(['c']);
    expect(result.sessions[0]).toMatchObject({ limitA: 0, status: 'Paused', limitingNodeId: 'c' });
    expect(result.sessions[0].reason).toBe('Paused: node "c" is overcommitted (its unmanaged load and fixed draws alone exceed its limit)');
    expect(result.sessions[1]).toMatchObject({ limitA: 32, status: 'Satisfied' });
  });
});

describe('allocate: EV needs (rule 4)', () => {
  it('raises a session toward its requiredA before the fair share of the rest', () => {
    const input = anInput(oneStationSite(30), [aSession('a', 'st', { requiredA: 16 }), aSession('b', 'st'), aSession('c', 'st')]);
    const result = byId(input);
    expect([result.a.limitA, result.b.limitA, result.c.limitA]).toEqual([16, 7, 7]);
    expect(result.a.reason).toContain('its EV needs 16 A to reach its energy by departure');
    expect(result.a.reason).not.toContain('not met');
  });

  it('gives what fits when the need does not, and says it is not met', () => {
    const result = byId(anInput(oneStationSite(20), [aSession('a', 'st', { requiredA: 16 }), aSession('b', 'st')]));
    expect([result.a.limitA, result.b.limitA]).toEqual([14, 6]);
    expect(result.a.reason).toContain('(not met)');
  });

  it('never raises above the demand or the maximum', () => {
    expect(limits(anInput(oneStationSite(30), [aSession('a', 'st', { requiredA: 20, demandA: 8 }), aSession('b', 'st')]))).toEqual({
      a: 8,
      b: 22,
    });
  });
});

describe('allocate: fair filling toward demand, tier by tier, then surplus (rules 5 and 6)', () => {
  it('is max-min fair: sessions with different minimums end at the same level', () => {
    expect(limits(anInput(oneStationSite(30), [aSession('a', 'st', { minA: 10 }), aSession('b', 'st', { minA: 6 })]))).toEqual({
      a: 15,
      b: 15,
    });
  });

  it('fills a higher priority toward its demand before a lower one gets more than its minimum', () => {
    const result = byId(
      anInput(oneStationSite(40), [aSession('hi', 'st', { priority: 1, demandA: 20 }), aSession('lo1', 'st'), aSession('lo2', 'st')]),
    );
    expect([result.hi.limitA, result.hi.status, result.lo1.limitA, result.lo2.limitA]).toEqual([20, 'Satisfied', 10, 10]);
    const starved = byId(
      anInput(oneStationSite(40), [aSession('hi', 'st', { priority: 1 }), aSession('lo1', 'st'), aSession('lo2', 'st')]),
    );
    expect([starved.hi.limitA, starved.lo1.limitA, starved.lo2.limitA]).toEqual([28, 6, 6]);
  });

  it('gives a session that under-uses only the capacity nobody demands', () => {
    const contended = byId(anInput(oneStationSite(40), [aSession('a', 'st', { demandA: 10 }), aSession('b', 'st')]));
    expect([contended.a.limitA, contended.a.status, contended.b.limitA, contended.b.status]).toEqual([10, 'Satisfied', 30, 'Capped']);
    const spare = byId(anInput(oneStationSite(63), [aSession('a', 'st', { demandA: 10 }), aSession('b', 'st')]));
    expect([spare.a.limitA, spare.b.limitA]).toEqual([31, 32]);
    expect(spare.a).toMatchObject({ status: 'Satisfied', reason: 'Satisfied: demands 10 A, gets 31 A (capacity nobody else demands)' });
    expect(spare.b).toEqual({ sessionId: 'b', phases: 3, limitA: 32, status: 'Satisfied', reason: 'Satisfied: gets its demand of 32 A' });
  });
});

describe('allocate: limits (rule 1)', () => {
  it('a power limit binds: kW = A × V × phases / 1000, summed', () => {
    const result = allocate(anInput(oneStationSite(63, { limitKw: 22 }), [aSession('a', 'st'), aSession('b', 'st')]));
    expect(result.sessions.map((s) => s.limitA)).toEqual([15.9, 15.9]);
    expect(result.sessions[0]).toMatchObject({ status: 'Capped', limitingNodeId: 'grid' });
    expect(result.sessions[0].reason).toContain('node "grid" power limit reached');
    expect(result.nodes[0]).toMatchObject({ effectiveLimitKw: 22, plannedKw: 21.942, plannedA: [31.8, 31.8, 31.8] });
    const mixed = limits(
      anInput(oneStationSite(63, { limitKw: 11 }), [aSession('one', 'st', { gridPhases: [0] }), aSession('three', 'st')]),
    );
    expect(mixed).toEqual({ one: 11.9, three: 11.9 });
  });

  it('per-phase limits may differ: each session stops at the phase that binds it', () => {
    const result = byId(anInput(oneStationSite([32, 16, 40]), [aSession('a', 'st'), aSession('b', 'st', { gridPhases: [2] })]));
    expect([result.a.limitA, result.b.limitA]).toEqual([16, 24]);
    expect(result.a.reason).toContain('L2 current limit');
    expect(result.b.reason).toContain('L3 current limit');
  });

  it('phase rotation: 1-phase vehicles on stations rotated apart share no phase', () => {
    const nodes = [
      aNode('grid', null, { limitA: amps(32) }),
      aNode('s1', 'grid'), // RST: the station's L1 is the grid's L1
      aNode('s2', 'grid'), // SRT: the station's L1 is the grid's L2
    ];
    const apart = [
      aSession('a', 's1', { gridPhases: gridPhasesOf('RST', 1) }),
      aSession('b', 's2', { gridPhases: gridPhasesOf('SRT', 1) }),
    ];
    expect(limits(anInput(nodes, apart))).toEqual({ a: 32, b: 32 });
    const together = [
      aSession('a', 's1', { gridPhases: gridPhasesOf(null, 1) }),
      aSession('b', 's2', { gridPhases: gridPhasesOf('RTS', 1) }),
    ];
    expect(limits(anInput(nodes, together))).toEqual({ a: 16, b: 16 });
  });

  it.each([
    [999, 63],
    [1000, 32],
    [1999, 32],
    [2000, 63],
  ])('an external limit is in force only in its window [validFrom, validTo): at %d ms the session gets %d A', (now, expected) => {
    const input = anInput(oneStationSite(63), [aSession('a', 'st', { maxA: 80, demandA: 80 })], {
      now,
      externalLimits: [
        { nodeId: 'grid', limitA: amps(32), validFrom: 1000, validTo: 2000 },
        { nodeId: 'grid', limitA: amps(100) }, // above the static limit: changes nothing
      ],
    });
    const result = allocate(input);
    expect(result.sessions[0].limitA).toBe(expected);
    expect(result.nodes[0].effectiveLimitA).toEqual(amps(expected));
  });

  it('an external limit on a node without a static one gives it one (current or power)', () => {
    const nodes = [aNode('grid', null), aNode('st', 'grid')];
    expect(limits(anInput(nodes, [aSession('a', 'st')], { externalLimits: [{ nodeId: 'st', limitA: [20, 25, 25] }] }))).toEqual({ a: 20 });
    const kw = allocate(anInput(nodes, [aSession('a', 'st')], { externalLimits: [{ nodeId: 'grid', limitKw: 6.9 }] }));
    expect(kw.sessions[0].limitA).toBe(10);
    expect(kw.nodes[0]).toMatchObject({ effectiveLimitKw: 6.9 });
    expect(kw.nodes[0].effectiveLimitA).toBeUndefined();
  });

  it('the safety margin reduces every limit, current and power', () => {
    const margin = { settings: { safetyMarginPct: 10, voltageV: 230 } };
    const result = allocate(anInput(oneStationSite(32), [aSession('a', 'st', { maxA: 40, demandA: 40 })], margin));
    expect(result.sessions[0].limitA).toBe(28.8);
    expect(result.nodes[0].effectiveLimitA).toEqual(amps(28.8));
    const kw = allocate(anInput(oneStationSite(63, { limitKw: 22 }), [aSession('a', 'st')], margin));
    expect(kw.nodes[0].effectiveLimitKw).toBe(19.8);
    expect(kw.sessions[0].limitA).toBe(28.6); // 19 800 W / 230 V / 3 = 28.69
  });

  it('unmanaged load counts at its node and every ancestor', () => {
    const nodes = [
      aNode('grid', null, { limitA: amps(63) }),
      aNode('c', 'grid', { kind: 'circuit', limitA: amps(40) }),
      aNode('building', 'c', { kind: 'circuit', unmanagedA: [20, 0, 0] }),
      aNode('s1', 'c'),
      aNode('s2', 'grid'),
    ];
    const result = allocate(anInput(nodes, [aSession('a', 's1'), aSession('b', 's2')]));
    expect(result.sessions.map((s) => [s.limitA, s.limitingNodeId])).toEqual([
      [20, 'c'],
      [23, 'grid'],
    ]);
    expect(result.nodes.find((n) => n.nodeId === 'grid')?.plannedA).toEqual([63, 43, 43]);
  });

  it('fixed draws count like unmanaged load; local generation (negative) adds room', () => {
    const fixed = anInput(oneStationSite(32), [aSession('a', 'st')], { fixed: [aFixedDraw('flagged-1', 'st', 16)] });
    expect(limits(fixed)).toEqual({ a: 16 });
    const pv = anInput(oneStationSite(32, { unmanagedA: amps(-10) }), [aSession('a', 'st', { maxA: 40, demandA: 40 })]);
    expect(limits(pv)).toEqual({ a: 40 });
  });
});

describe('allocate: result shape and determinism (rule 7)', () => {
  const nodes = [
    aNode('grid', null, { limitA: amps(50), limitKw: 30 }),
    aNode('c1', 'grid', { kind: 'circuit', limitA: [25, 20, 25] }),
    aNode('s1', 'c1'),
    aNode('s2', 'grid'),
  ];
  const sessions = [
    aSession('a', 's1', { gridPhases: [1], startedAt: 3 }),
    aSession('b', 's1', { startedAt: 1, priority: 2 }),
    aSession('c', 's2', { demandA: 12 }),
    aSession('d', 's2', { gridPhases: [2], requiredA: 10, startedAt: 9 }),
  ];

  it('answers one session per input session and one node per input node, in input order', () => {
    const result = allocate(anInput(nodes, sessions));
    expect(result.sessions.map((s) => s.sessionId)).toEqual(['a', 'b', 'c', 'd']);
    expect(result.nodes.map((n) => n.nodeId)).toEqual(['grid', 'c1', 's1', 's2']);
    expect(result.sessions.map((s) => s.phases)).toEqual([1, 3, 3, 1]);
  });

  it('gives the same result whatever the order of nodes, sessions, limits and fixed draws', () => {
    const fixed = [aFixedDraw('f1', 's2', 3, { gridPhases: [0] }), aFixedDraw('f2', 's1', 2)];
    const externalLimits = [{ nodeId: 'c1', limitA: amps(24) }];
    const forward = allocate(anInput(nodes, sessions, { fixed, externalLimits }));
    const backward = allocate(anInput([...nodes].reverse(), [...sessions].reverse(), { fixed: [...fixed].reverse(), externalLimits }));
    const key = (r: typeof forward) => ({
      sessions: [...r.sessions].sort((x, y) => (x.sessionId < y.sessionId ? -1 : 1)),
      nodes: [...r.nodes].sort((x, y) => (x.nodeId < y.nodeId ? -1 : 1)),
      overcommitted: r.overcommitted,
    });
    expect(key(backward)).toEqual(key(forward));
  });
});
