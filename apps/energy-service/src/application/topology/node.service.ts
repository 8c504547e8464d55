import type { DataSource, EntityManager } from 'typeorm';
import type { NodeKind, PhaseCurrents } from '@voltlane/energy-domain';
import { MeasuredLoadRepository, type MeasuredLoad } from '../../persistence/measured-load.repository';
import { NodeRepository, type EnergyNode, type PhaseRotation } from '../../persistence/node.repository';
import { SiteRepository } from '../../persistence/site.repository';
import { markSiteDue } from '../../persistence/site-replan';
import { conflict, notFound } from './energy-error';
import { unknownSite } from './site.service';
import { checkNode } from './tree-rules';

/** A node as an operator puts it (PUT replaces every field; one left out has no value). */
export interface NodeInput {
  /** null for the grid node. */
  parentId: string | null;
  kind: NodeKind;
  name?: string;
  /** One number: the same on all three phases. */
  limitA?: number | PhaseCurrents;
  limitKw?: number;
  unmanagedA?: PhaseCurrents;
  stationId?: string;
  phaseRotation?: PhaseRotation;
  evseCount?: number;
  evseId?: number;
  priority?: number;
  maxA?: number;
  dc?: boolean;
}

/** A node with its latest measured unmanaged load. */
export interface NodeWithLoad extends EnergyNode {
  measuredLoad: MeasuredLoad | null;
}

const KIND_BOUND = ['stationId', 'phaseRotation', 'evseCount', 'evseId', 'priority', 'maxA', 'dc'] as const;

/** Nodes of a site's tree: put (create or replace), read and delete them under the tree rules (tree-rules.ts). */
export class NodeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly debounceMs: number,
  ) {}

  /** Creates or replaces a node; `created` tells which. Serialised per site (the site row is locked). */
  async put(siteId: string, nodeId: string, input: NodeInput): Promise<{ node: NodeWithLoad; created: boolean }> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        if (!(await new SiteRepository(manager).lock(siteId))) throw unknownSite(siteId);
        const nodes = new NodeRepository(manager);
        const tree = await nodes.ofSite(siteId);
        const existing = tree.find((n) => n.nodeId === nodeId);
        const parent = input.parentId === null ? undefined : tree.find((n) => n.nodeId === input.parentId);
        const node = nodeOf(siteId, nodeId, input, parent);
        const elsewhere = node.kind === 'station' && node.stationId !== null ? await nodes.stationNode(node.stationId) : null;
        checkNode(tree, node, new Set(KIND_BOUND.filter((field) => input[field] !== undefined)), elsewhere);
        const created = await nodes.upsert(node);
        if (existing?.kind === 'station' && node.kind === 'station' && node.stationId !== existing.stationId && node.stationId !== null)
          await nodes.setStationOfChildren(siteId, nodeId, node.stationId);
        await markSiteDue(manager, siteId, `node ${nodeId} ${created ? 'added' : 'changed'}`, this.debounceMs);
        return { node: await this.withLoad(manager, node), created };
      });
    } catch (error) {
      // Another site took the station between the check and the insert (nodes_station_idx).
      if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'nodes_station_idx')
        throw conflict('StationInOtherSite', `station ${input.stationId ?? ''} belongs to another site`, 'stationId');
      throw error;
    }
  }

  /** Every node of the site, parents before children, each with its measured load. */
  async list(siteId: string): Promise<NodeWithLoad[]> {
    if (!(await new SiteRepository(this.dataSource).get(siteId))) throw unknownSite(siteId);
    const [nodes, loads] = await Promise.all([
      new NodeRepository(this.dataSource).ofSite(siteId),
      new MeasuredLoadRepository(this.dataSource).ofSite(siteId),
    ]);
    const byNode = new Map(loads.map((l) => [l.nodeId, l]));
    return nodes.map((n) => ({ ...n, measuredLoad: byNode.get(n.nodeId) ?? null }));
  }

  async get(siteId: string, nodeId: string): Promise<NodeWithLoad> {
    return this.withLoad(this.dataSource, await this.require(this.dataSource, siteId, nodeId));
  }

  /** Deletes a node; one with children only with `cascade` (everything under it goes with it). */
  async delete(siteId: string, nodeId: string, cascade: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await new SiteRepository(manager).lock(siteId))) throw unknownSite(siteId);
      const nodes = new NodeRepository(manager);
      const tree = await nodes.ofSite(siteId);
      if (!tree.some((n) => n.nodeId === nodeId)) throw unknownNode(siteId, nodeId);
      const children = tree.filter((n) => n.parentId === nodeId);
      if (children.length > 0 && !cascade)
        throw conflict(
          'NodeHasChildren',
          `node ${nodeId} has ${children.length} child node(s) (${children.map((c) => c.nodeId).join(', ')}); delete them first or pass cascade=true`,
        );
      await nodes.delete(siteId, nodeId);
      await markSiteDue(manager, siteId, `node ${nodeId} deleted`, this.debounceMs);
    });
  }

  /** The node, or NotFound naming the site or the node that is missing. */
  async require(db: DataSource | EntityManager, siteId: string, nodeId: string): Promise<EnergyNode> {
    const node = await new NodeRepository(db).get(siteId, nodeId);
    if (node) return node;
    if (!(await new SiteRepository(db).get(siteId))) throw unknownSite(siteId);
    throw unknownNode(siteId, nodeId);
  }

  private async withLoad(db: DataSource | EntityManager, node: EnergyNode): Promise<NodeWithLoad> {
    return { ...node, measuredLoad: await new MeasuredLoadRepository(db).get(node.siteId, node.nodeId) };
  }
}

export const unknownNode = (siteId: string, nodeId: string) => notFound('UnknownNode', `no node ${nodeId} in site ${siteId}`);

function nodeOf(siteId: string, nodeId: string, input: NodeInput, parent: EnergyNode | undefined): EnergyNode {
  const limitA = input.limitA;
  return {
    siteId,
    nodeId,
    parentId: input.parentId,
    kind: input.kind,
    name: input.name ?? null,
    limitA: limitA === undefined ? null : typeof limitA === 'number' ? [limitA, limitA, limitA] : limitA,
    limitKw: input.limitKw ?? null,
    unmanagedA: input.unmanagedA ?? [0, 0, 0],
    // An EVSE belongs to the station of its parent.
    stationId: input.stationId ?? (input.kind === 'evse' ? (parent?.stationId ?? null) : null),
    phaseRotation: input.phaseRotation ?? null,
    evseCount: input.evseCount ?? null,
    evseId: input.evseId ?? null,
    priority: input.priority ?? null,
    maxA: input.maxA ?? null,
    dc: input.dc ?? false,
  };
}
