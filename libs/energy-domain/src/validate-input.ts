import { EnergyInputError, EnergyInputErrorCode as Code } from './energy-input-error';
import type { AllocationInput, ExternalLimit, FixedDraw, GridPhase, LimitNode, SessionDemand, SiteSettings } from './model';

function fail(code: Code, subject: string, message: string): never {
  throw new EnergyInputError(code, subject, message);
}

function isFinite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** The item a check is about: `id` becomes the error's subject, `label` starts its message. */
interface Item {
  code: Code;
  id: string;
  label: string;
}

function checkNumber(x: unknown, item: Item, what: string, min: number | null): void {
  if (!isFinite(x)) fail(item.code, item.id, `${item.label}: ${what} must be a finite number, got ${String(x)}`);
  if (min !== null && x < min) fail(item.code, item.id, `${item.label}: ${what} must be ≥ ${min}, got ${x}`);
}

function checkPhaseValues(x: unknown, item: Item, what: string, min: number | null): void {
  if (!Array.isArray(x) || x.length !== 3)
    fail(item.code, item.id, `${item.label}: ${what} must be [L1, L2, L3], got ${JSON.stringify(x)}`);
  (x as unknown[]).forEach((v, i) => checkNumber(v, item, `${what}[L${i + 1}]`, min));
}

function checkGridPhases(x: unknown, { code, id, label }: Item): void {
  const ok =
    Array.isArray(x) &&
    x.length >= 1 &&
    x.length <= 3 &&
    x.every((p) => p === 0 || p === 1 || p === 2) &&
    new Set(x as GridPhase[]).size === x.length;
  if (!ok) fail(code, id, `${label}: gridPhases must be 1 to 3 distinct grid phases (0 = L1, 1 = L2, 2 = L3), got ${JSON.stringify(x)}`);
}

/**
 * A site tree: at least one node, unique ids, exactly one root, every parent present, no cycle,
 * limits non-negative and finite (unmanaged loads may be negative: local generation).
 * Returns the nodes by id.
 */
export function validateTree(nodes: readonly LimitNode[]): Map<string, LimitNode> {
  const byId = new Map<string, LimitNode>();
  if (!nodes?.length) fail(Code.InvalidTree, 'nodes', 'nodes: a site needs at least its grid node');
  for (const node of nodes) {
    if (typeof node.id !== 'string' || node.id === '')
      fail(Code.InvalidTree, 'nodes', `nodes: every node needs an id, got ${JSON.stringify(node.id)}`);
    const item: Item = { code: Code.InvalidTree, id: node.id, label: `node "${node.id}"` };
    if (byId.has(node.id)) fail(Code.InvalidTree, node.id, `${item.label}: duplicate node id`);
    byId.set(node.id, node);
    if (node.limitA !== undefined) checkPhaseValues(node.limitA, item, 'limitA', 0);
    if (node.limitKw !== undefined) checkNumber(node.limitKw, item, 'limitKw', 0);
    checkPhaseValues(node.unmanagedA, item, 'unmanagedA', null);
  }
  const roots = nodes.filter((n) => n.parentId === null);
  if (roots.length !== 1)
    fail(
      Code.InvalidTree,
      roots[1]?.id ?? 'nodes',
      `nodes: a site has exactly one root (parentId null), found ${roots.length}${roots.length ? `: ${roots.map((r) => `"${r.id}"`).join(', ')}` : ''}`,
    );
  const children = new Map<string, string[]>();
  for (const node of nodes) {
    if (node.parentId === null) continue;
    if (!byId.has(node.parentId)) fail(Code.InvalidTree, node.id, `node "${node.id}": its parent "${node.parentId}" does not exist`);
    const list = children.get(node.parentId) ?? [];
    list.push(node.id);
    children.set(node.parentId, list);
  }
  const reached = new Set<string>([roots[0].id]);
  const queue = [roots[0].id];
  while (queue.length) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (reached.has(child)) continue;
      reached.add(child);
      queue.push(child);
    }
  }
  const stray = nodes.filter((n) => !reached.has(n.id)).sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  if (stray)
    fail(Code.InvalidTree, stray.id, `node "${stray.id}": in a cycle (following its parents never reaches the root "${roots[0].id}")`);
  return byId;
}

export function validateSettings(settings: SiteSettings, now: number): void {
  const item: Item = { code: Code.InvalidSettings, id: 'settings', label: 'settings' };
  checkNumber(settings?.safetyMarginPct, item, 'safetyMarginPct', 0);
  if (settings.safetyMarginPct >= 100)
    fail(Code.InvalidSettings, 'settings', `settings: safetyMarginPct must be < 100, got ${settings.safetyMarginPct}`);
  checkNumber(settings.voltageV, item, 'voltageV', 0);
  if (settings.voltageV === 0) fail(Code.InvalidSettings, 'settings', 'settings: voltageV must be > 0, got 0');
  checkNumber(now, { code: Code.InvalidSettings, id: 'now', label: 'now' }, 'now (epoch ms)', null);
}

export function validateExternalLimits(limits: readonly ExternalLimit[], nodes: ReadonlyMap<string, LimitNode>): void {
  limits.forEach((limit, i) => {
    const item: Item = { code: Code.InvalidLimit, id: limit.nodeId, label: `external limit #${i} (node "${limit.nodeId}")` };
    if (!nodes.has(limit.nodeId)) fail(Code.InvalidLimit, limit.nodeId, `${item.label}: no such node`);
    if (limit.limitA !== undefined) checkPhaseValues(limit.limitA, item, 'limitA', 0);
    if (limit.limitKw !== undefined) checkNumber(limit.limitKw, item, 'limitKw', 0);
    if (limit.validFrom !== undefined) checkNumber(limit.validFrom, item, 'validFrom', null);
    if (limit.validTo !== undefined) checkNumber(limit.validTo, item, 'validTo', null);
  });
}

function validateSession(session: SessionDemand, nodes: ReadonlyMap<string, LimitNode>, seen: Set<string>): void {
  if (typeof session.sessionId !== 'string' || session.sessionId === '')
    fail(Code.InvalidSession, 'sessions', `sessions: every session needs a sessionId, got ${JSON.stringify(session.sessionId)}`);
  const item: Item = { code: Code.InvalidSession, id: session.sessionId, label: `session "${session.sessionId}"` };
  if (seen.has(session.sessionId)) fail(Code.InvalidSession, session.sessionId, `${item.label}: duplicate sessionId`);
  seen.add(session.sessionId);
  if (!nodes.has(session.nodeId))
    fail(Code.InvalidSession, session.sessionId, `${item.label}: its node "${session.nodeId}" does not exist`);
  checkGridPhases(session.gridPhases, item);
  checkNumber(session.minA, item, 'minA', 0);
  checkNumber(session.maxA, item, 'maxA', 0);
  checkNumber(session.demandA, item, 'demandA', 0);
  checkNumber(session.priority, item, 'priority', null);
  checkNumber(session.startedAt, item, 'startedAt', null);
  if (session.requiredA !== undefined) checkNumber(session.requiredA, item, 'requiredA', 0);
  if (session.minA > session.maxA)
    fail(Code.InvalidSession, session.sessionId, `${item.label}: minA ${session.minA} > maxA ${session.maxA}`);
}

function validateFixed(draw: FixedDraw, i: number, nodes: ReadonlyMap<string, LimitNode>): void {
  const item: Item = { code: Code.InvalidFixedDraw, id: draw.id, label: `fixed draw "${draw.id}" (#${i})` };
  if (!nodes.has(draw.nodeId)) fail(Code.InvalidFixedDraw, draw.id, `${item.label}: its node "${draw.nodeId}" does not exist`);
  checkGridPhases(draw.gridPhases, item);
  checkNumber(draw.currentA, item, 'currentA', 0);
}

/** Throws an EnergyInputError naming the first bad item of the allocator's input; returns the nodes by id. */
export function validateAllocationInput(input: AllocationInput): Map<string, LimitNode> {
  const nodes = validateTree(input.nodes);
  validateSettings(input.settings, input.now);
  validateExternalLimits(input.externalLimits, nodes);
  const seen = new Set<string>();
  for (const session of input.sessions) validateSession(session, nodes, seen);
  input.fixed.forEach((draw, i) => validateFixed(draw, i, nodes));
  return nodes;
}
