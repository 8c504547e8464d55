import { allocate } from '@voltlane/energy-domain';
import { planInput } from './allocation-input';
import { allocationRecord, sameShares } from './allocation-record';
import { enforcementOrders } from './enforcement-orders';
import { overloadedNodesOf } from './overload';
import { NOW, SETTINGS, session, siteSnapshot, station } from './plan.fixtures';

describe('a site plan: allocator input, decision record, profiles to send', () => {
  it('maps sessions onto their nodes and grid phases, with ratings, needs and the fail-safe limits', () => {
    const snapshot = siteSnapshot({
      sessions: [
        session('s1', 'CS-1', 1, { phases: 3 }),
        session('s2', 'CS-2', 1, {
          phases: 1,
          needs: {
            chargingNeeds: {
              requestedEnergyTransfer: 'AC_single_phase',
              acChargingParameters: { energyAmount: 5000, evMinCurrent: 8, evMaxCurrent: 16, evMaxVoltage: 230 },
            },
          },
        }),
      ],
    });
    const plan = planInput(snapshot, SETTINGS, NOW);
    expect(plan.input.sessions).toEqual([
      expect.objectContaining({ sessionId: 's1', nodeId: 'cs-1-e1', gridPhases: [0, 1, 2], minA: 6, maxA: 32, demandA: 32, priority: 0 }),
      // cs-2's L1 is the grid's S (L2): a 1-phase vehicle draws on grid L2; the EV's own minimum and maximum.
      expect.objectContaining({ sessionId: 's2', nodeId: 'cs-2', gridPhases: [1], minA: 8, maxA: 16, demandA: 16 }),
    ]);
    // 63 A over four EVSEs (two nodes of cs-1, two counted at cs-2): 15.7 A each.
    expect(plan.failSafe).toEqual(
      new Map([
        ['CS-1', 15.7],
        ['CS-2', 15.7],
      ]),
    );
    expect(plan.input.fixed).toEqual([]);
  });

  it('a flagged station counts at its maximum, an offline one at its last accepted limit and its idle EVSEs at the fail-safe', () => {
    const snapshot = siteSnapshot({
      sessions: [session('s1', 'CS-1', 1, { phases: 3 }), session('s2', 'CS-2', 1, { phases: 1 })],
      stations: new Map([
        ['CS-1', station('CS-1', { flaggedAt: new Date(NOW - 1000), flagReason: 'SetChargingProfile answered Rejected' })],
        ['CS-2', station('CS-2', { connected: false })],
      ]),
      applied: [
        {
          stationId: 'CS-2',
          evseId: 1,
          purpose: 'TxProfile',
          sessionId: 's2',
          profileId: 900001,
          limitA: 20,
          phases: 1,
          status: 'Failed',
          acceptedLimitA: 12,
          sentAt: new Date(NOW - 5000),
          answeredAt: null,
        },
      ],
    });
    const plan = planInput(snapshot, SETTINGS, NOW);
    expect(plan.input.sessions).toEqual([]);
    expect(plan.input.fixed).toEqual([
      expect.objectContaining({ id: 's1', nodeId: 'cs-1-e1', currentA: 32, gridPhases: [0, 1, 2] }),
      expect.objectContaining({ id: 's2', nodeId: 'cs-2', currentA: 12, gridPhases: [1] }),
      expect.objectContaining({ id: 'CS-2:idle:1', nodeId: 'cs-2', currentA: 15.7, gridPhases: [0, 1, 2] }),
    ]);
    const result = allocate(plan.input);
    const record = allocationRecord(snapshot, plan, result);
    expect(record.sessions.map((s) => [s.sessionId, s.status, s.limitA])).toEqual([
      ['s1', 'Fixed', 32],
      ['s2', 'Fixed', 12],
    ]);
    // Neither station gets profiles: one refuses them, the other is offline.
    expect(enforcementOrders(snapshot, plan, result)).toEqual([]);
  });

  it('orders a TxProfile per decided session with a known EVSE, then the fail-safe defaults', () => {
    const snapshot = siteSnapshot({
      nodes: siteSnapshot().nodes.map((n) => (n.nodeId === 'grid' ? { ...n, limitA: [40, 40, 40] as const } : n)),
      sessions: [session('s1', 'CS-1', 1, { phases: 3 }), session('s2', 'CS-1', 2, { phases: 3 }), session('s3', 'CS-2', null)],
    });
    const plan = planInput(snapshot, SETTINGS, NOW);
    const result = allocate(plan.input);
    const orders = enforcementOrders(snapshot, plan, result);
    expect(orders.map((o) => [o.stationId, o.target.purpose, o.target.evseId, o.target.limitA])).toEqual([
      ['CS-1', 'TxProfile', 1, 13.3],
      ['CS-1', 'TxProfile', 2, 13.3],
      ['CS-1', 'TxDefaultProfile', 0, 10],
      ['CS-2', 'TxDefaultProfile', 0, 10],
    ]);
    expect(orders[0]?.target.transactionRef).toBe('tx-s1');
    const record = allocationRecord(snapshot, plan, result);
    expect(record.nodes.find((n) => n.nodeId === 'grid')).toMatchObject({
      kind: 'grid',
      effectiveLimitA: [40, 40, 40],
      plannedA: [39.9, 39.9, 39.9],
    });
    expect(sameShares(record, allocationRecord(snapshot, plan, result))).toBe(true);
    expect(sameShares(null, record)).toBe(false);
  });

  it('records measured draws on the grid phases and finds an overloaded node', () => {
    const measured = session('s2', 'CS-2', 1, { phases: 1, measuredA: [40, 0, 0], measuredAt: new Date(NOW - 1000) });
    const snapshot = siteSnapshot({
      nodes: siteSnapshot().nodes.map((n) => (n.nodeId === 'grid' ? { ...n, limitA: [32, 32, 32] as const } : n)),
      sessions: [measured],
    });
    const plan = planInput(snapshot, SETTINGS, NOW);
    const record = allocationRecord(snapshot, plan, allocate(plan.input));
    // cs-2 has rotation STR: its L1 is the grid's L2.
    expect(record.sessions[0]?.measuredA).toEqual([0, 40, 0]);
    expect(record.nodes.find((n) => n.nodeId === 'grid')?.measuredA).toEqual([0, 40, 0]);
    expect(overloadedNodesOf(snapshot, SETTINGS, NOW)).toEqual(['grid']);
    // Under a 63 A grid the same draw is no overload; an external limit in force makes it one, with the safety margin.
    expect(overloadedNodesOf(siteSnapshot({ sessions: [measured] }), SETTINGS, NOW)).toEqual([]);
    const limited = siteSnapshot({
      sessions: [measured],
      safetyMarginPct: 10,
      limits: [
        {
          limitId: 'l',
          siteId: 'depot',
          nodeId: 'grid',
          source: 'api',
          origin: null,
          stationId: null,
          evseId: null,
          limitA: [40, 40, 40],
          limitKw: null,
          validFrom: null,
          validTo: null,
          createdAt: new Date(NOW),
          clearedAt: null,
        },
      ],
    });
    expect(overloadedNodesOf(limited, SETTINGS, NOW)).toEqual(['grid']);
  });
});
