import type { ExternalLimit, LimitNode, PhaseCurrents, SiteSettings } from './model';
import { accumulateSubtrees, buildSiteTree } from './site-tree';
import { validateExternalLimits, validateSettings, validateTree } from './validate-input';

/** A measured draw at a node (a session's per-phase current on the grid's phases), A. */
export interface MeasuredDraw {
  nodeId: string;
  currentA: PhaseCurrents;
}

/**
 * The nodes whose measured load exceeds a limit in force by more than `toleranceA` (per phase, or
 * its power limit as amperes over the phases): the draws and every node's unmanaged load, summed
 * under each node, against the same effective limits the allocator uses (static and external in
 * force, less the safety margin). In the nodes' input order.
 */
export function overloadedNodes(
  site: { nodes: readonly LimitNode[]; externalLimits: readonly ExternalLimit[]; settings: SiteSettings; now: number },
  draws: readonly MeasuredDraw[],
  toleranceA: number,
): string[] {
  const byId = validateTree(site.nodes);
  validateSettings(site.settings, site.now);
  validateExternalLimits(site.externalLimits, byId);
  const tree = buildSiteTree(site.nodes, site.externalLimits, site.settings, site.now);
  const load = new Float64Array(3 * tree.ids.length);
  tree.nodes.forEach((node, i) => node.unmanagedA.forEach((a, q) => (load[3 * i + q] += a)));
  for (const draw of draws) {
    const i = tree.index.get(draw.nodeId);
    if (i !== undefined) draw.currentA.forEach((a, q) => (load[3 * i + q] += a));
  }
  accumulateSubtrees(tree, load);
  const over = new Set<string>();
  tree.ids.forEach((id, i) => {
    const phases = [0, 1, 2].map((q) => load[3 * i + q]);
    if (phases.some((a, q) => a > tree.effA[3 * i + q] + toleranceA) || phases[0] + phases[1] + phases[2] > tree.effPhaseA[i] + toleranceA)
      over.add(id);
  });
  return site.nodes.map((n) => n.id).filter((id) => over.has(id));
}
