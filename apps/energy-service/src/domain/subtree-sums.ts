/**
 * Per node of a site's tree, the sum of the per-phase currents added at it or at any node below it
 * (what a breaker sees): `add` walks from the node up to the root.
 */
export function subtreeSums(nodes: readonly { nodeId: string; parentId: string | null }[]): {
  add: (nodeId: string, currents: readonly number[]) => void;
  readonly sums: Map<string, [number, number, number]>;
} {
  const parent = new Map(nodes.map((n) => [n.nodeId, n.parentId]));
  const sums = new Map<string, [number, number, number]>();
  return {
    sums,
    add: (nodeId, currents) => {
      for (let at: string | null | undefined = nodeId; at; at = parent.get(at)) {
        const sum = sums.get(at) ?? [0, 0, 0];
        for (let q = 0; q < 3; q++) sum[q] += currents[q] ?? 0;
        sums.set(at, sum);
      }
    },
  };
}
