import { Alert, Anchor, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';
import { formatDateTime } from '../../util/format';
import { formatAmp, formatLimit, formatPhases, NodeKind } from './energy-format';

export type EnergyNode = OperatorApiSchemas['ListEnergyNodesResponse'][number];

export interface TreeNode {
  node: EnergyNode;
  children: TreeNode[];
}

/**
 * The site's nodes as a tree by parentId: the roots (the grid node), then nodes whose parent is
 * missing or that no root reaches (both break the API's tree rules; shown so nothing is hidden).
 */
export function buildTree(nodes: readonly EnergyNode[]): { roots: TreeNode[]; detached: TreeNode[] } {
  const byId = new Map(nodes.map((node) => [node.nodeId, { node, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  const detached: TreeNode[] = [];
  for (const item of byId.values()) {
    const parentId = item.node.parentId;
    if (parentId === null) roots.push(item);
    else {
      const parent = byId.get(parentId);
      if (parent && parent !== item) parent.children.push(item);
      else detached.push(item);
    }
  }
  // nodes in a cycle: no root reaches them
  const reached = new Set<string>();
  const visit = (item: TreeNode): void => {
    if (reached.has(item.node.nodeId)) return;
    reached.add(item.node.nodeId);
    item.children.forEach(visit);
  };
  [...roots, ...detached].forEach(visit);
  for (const item of byId.values())
    if (!reached.has(item.node.nodeId)) {
      detached.push({ node: item.node, children: [] });
      reached.add(item.node.nodeId);
    }
  return { roots, detached };
}

/** A node's name for tables: its name, else its id. */
export function nodeName(nodes: readonly EnergyNode[] | undefined, nodeId: string | undefined): string {
  if (!nodeId) return '—';
  const node = nodes?.find((n) => n.nodeId === nodeId);
  return node?.name ? `${node.name} (${nodeId})` : nodeId;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Text size="xs" span>
      <Text span c="dimmed" size="xs">
        {label}
      </Text>{' '}
      {children}
    </Text>
  );
}

function NodeLine({ node }: { node: EnergyNode }) {
  const fixed = node.unmanagedA.some((a) => a !== 0);
  return (
    <Group gap="xs" wrap="wrap" py={4} data-testid="tree-node-line">
      <NodeKind kind={node.kind} />
      <Text fw={600} size="sm">
        {node.name || node.nodeId}
      </Text>
      {node.name && (
        <Text size="xs" c="dimmed">
          {node.nodeId}
        </Text>
      )}
      <Fact label="limit">{formatLimit(node.limitA, node.limitKw)}</Fact>
      {node.stationId && (
        <Fact label={node.kind === 'evse' ? 'EVSE' : 'station'}>
          <Anchor component={Link} to={`/stations/${encodeURIComponent(node.stationId)}`} size="xs">
            {node.stationId}
          </Anchor>
          {node.kind === 'evse' && node.evseId !== null && node.evseId !== undefined && ` / EVSE ${node.evseId}`}
        </Fact>
      )}
      {node.kind === 'station' && node.evseCount !== null && node.evseCount !== undefined && <Fact label="EVSEs">{node.evseCount}</Fact>}
      {node.phaseRotation && <Fact label="rotation">{node.phaseRotation}</Fact>}
      {node.maxA !== null && node.maxA !== undefined && <Fact label="max">{formatAmp(node.maxA)} A</Fact>}
      {node.priority !== null && node.priority !== undefined && <Fact label="priority">{node.priority}</Fact>}
      {node.dc && <Text size="xs">DC</Text>}
      {fixed && <Fact label="fixed load">{formatPhases(node.unmanagedA)}</Fact>}
      {node.measuredLoad && (
        <Fact label="measured load">
          <span title={`${node.measuredLoad.source}, ${formatDateTime(node.measuredLoad.measuredAt)}`}>
            {formatPhases(node.measuredLoad.currentA)}
          </span>{' '}
          <Text span size="xs" c="dimmed">
            ({node.measuredLoad.source}, {formatDateTime(node.measuredLoad.measuredAt)})
          </Text>
        </Fact>
      )}
    </Group>
  );
}

function Branch({ items, depth }: { items: TreeNode[]; depth: number }) {
  return (
    <ul
      style={{
        listStyle: 'none',
        margin: 0,
        paddingLeft: depth === 0 ? 0 : 22,
        borderLeft: depth === 0 ? undefined : '1px solid var(--mantine-color-default-border)',
      }}
    >
      {items.map((item) => (
        <li key={item.node.nodeId} data-node={item.node.nodeId} data-depth={depth}>
          <NodeLine node={item.node} />
          {item.children.length > 0 && <Branch items={item.children} depth={depth + 1} />}
        </li>
      ))}
    </ul>
  );
}

/** The site's tree, indented: kind, name, limits per phase, station/EVSE and measured load of each node. */
export function SiteTree({ nodes }: { nodes: readonly EnergyNode[] }) {
  const { roots, detached } = buildTree(nodes);
  return (
    <div data-testid="site-tree" aria-label="The site's tree">
      {nodes.length === 0 && (
        <Text c="dimmed">No node yet: the tree is added through the API (PUT …/nodes/&#123;nodeId&#125;, the grid node first).</Text>
      )}
      <Branch items={roots} depth={0} />
      {detached.length > 0 && (
        <Alert color="yellow" mt="sm" title="Nodes outside the tree">
          <Branch items={detached} depth={0} />
        </Alert>
      )}
    </div>
  );
}
