import { allocate } from './allocate';
import { EnergyInputError, EnergyInputErrorCode as Code } from './energy-input-error';
import type { AllocationInput } from './model';
import { aFixedDraw, aNode, aSession, amps, anInput, oneStationSite } from './testing/builders';

const site = oneStationSite(32);
const valid = anInput(site, [aSession('s1', 'st')]);

describe('allocate: input validation names the bad item', () => {
  it.each<[string, AllocationInput, Code, string, string]>([
    ['no nodes', { ...valid, nodes: [] }, Code.InvalidTree, 'nodes', 'a site needs at least its grid node'],
    [
      'two roots',
      { ...valid, nodes: [...site, aNode('grid2', null)] },
      Code.InvalidTree,
      'grid2',
      'exactly one root (parentId null), found 2: "grid", "grid2"',
    ],
    ['no root', { ...valid, nodes: [aNode('a', 'b'), aNode('b', 'a')] }, Code.InvalidTree, 'nodes', 'found 0'],
    [
      'missing parent',
      { ...valid, nodes: [...site, aNode('x', 'nowhere')] },
      Code.InvalidTree,
      'x',
      'node "x": its parent "nowhere" does not exist',
    ],
    [
      'a cycle beside the root',
      { ...valid, nodes: [...site, aNode('p', 'q'), aNode('q', 'p')] },
      Code.InvalidTree,
      'p',
      'node "p": in a cycle (following its parents never reaches the root "grid")',
    ],
    ['duplicate node', { ...valid, nodes: [...site, aNode('st', 'grid')] }, Code.InvalidTree, 'st', 'node "st": duplicate node id'],
    [
      'negative limit',
      { ...valid, nodes: [aNode('grid', null, { limitA: [32, -1, 32] }), aNode('st', 'grid')] },
      Code.InvalidTree,
      'grid',
      'limitA[L2] must be ≥ 0, got -1',
    ],
    [
      'NaN power limit',
      { ...valid, nodes: [aNode('grid', null, { limitKw: NaN }), aNode('st', 'grid')] },
      Code.InvalidTree,
      'grid',
      'limitKw must be a finite number',
    ],
    [
      'short unmanaged load',
      { ...valid, nodes: [aNode('grid', null, { unmanagedA: [1, 2] as never })] },
      Code.InvalidTree,
      'grid',
      'unmanagedA must be [L1, L2, L3]',
    ],
    [
      'session on an unknown node',
      anInput(site, [aSession('s1', 'ghost')]),
      Code.InvalidSession,
      's1',
      'session "s1": its node "ghost" does not exist',
    ],
    ['duplicate session', anInput(site, [aSession('s1', 'st'), aSession('s1', 'st')]), Code.InvalidSession, 's1', 'duplicate sessionId'],
    ['minA > maxA', anInput(site, [aSession('s1', 'st', { minA: 10, maxA: 6 })]), Code.InvalidSession, 's1', 'minA 10 > maxA 6'],
    ['negative demand', anInput(site, [aSession('s1', 'st', { demandA: -1 })]), Code.InvalidSession, 's1', 'demandA must be ≥ 0'],
    ['negative requiredA', anInput(site, [aSession('s1', 'st', { requiredA: -2 })]), Code.InvalidSession, 's1', 'requiredA must be ≥ 0'],
    [
      'no phases',
      anInput(site, [aSession('s1', 'st', { gridPhases: [] })]),
      Code.InvalidSession,
      's1',
      'gridPhases must be 1 to 3 distinct',
    ],
    ['a repeated phase', anInput(site, [aSession('s1', 'st', { gridPhases: [0, 0] })]), Code.InvalidSession, 's1', 'gridPhases'],
    ['phase 3', anInput(site, [aSession('s1', 'st', { gridPhases: [3 as never] })]), Code.InvalidSession, 's1', 'gridPhases'],
    [
      'fixed draw on an unknown node',
      anInput(site, [], { fixed: [aFixedDraw('f1', 'ghost', 6)] }),
      Code.InvalidFixedDraw,
      'f1',
      'its node "ghost" does not exist',
    ],
    [
      'negative fixed draw',
      anInput(site, [], { fixed: [aFixedDraw('f1', 'st', -6)] }),
      Code.InvalidFixedDraw,
      'f1',
      'currentA must be ≥ 0',
    ],
    [
      'limit on an unknown node',
      anInput(site, [], { externalLimits: [{ nodeId: 'ghost', limitA: amps(10) }] }),
      Code.InvalidLimit,
      'ghost',
      'no such node',
    ],
    [
      'negative external limit',
      anInput(site, [], { externalLimits: [{ nodeId: 'st', limitKw: -1 }] }),
      Code.InvalidLimit,
      'st',
      'limitKw must be ≥ 0',
    ],
    [
      'margin of 100 %',
      anInput(site, [], { settings: { safetyMarginPct: 100, voltageV: 230 } }),
      Code.InvalidSettings,
      'settings',
      'safetyMarginPct must be < 100',
    ],
    [
      'zero voltage',
      anInput(site, [], { settings: { safetyMarginPct: 0, voltageV: 0 } }),
      Code.InvalidSettings,
      'settings',
      'voltageV must be > 0',
    ],
    ['now not finite', anInput(site, [], { now: Infinity }), Code.InvalidSettings, 'now', 'now (epoch ms) must be a finite number'],
  ])('%s', (_, input, code, subject, message) => {
    let error: unknown;
    try {
      allocate(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnergyInputError);
    expect(error).toMatchObject({ code, subject });
    expect((error as EnergyInputError).message).toContain(message);
  });

  it('accepts a valid input', () => {
    expect(() => allocate(valid)).not.toThrow();
  });
});
