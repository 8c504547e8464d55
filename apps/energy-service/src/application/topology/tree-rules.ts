import type { NodeKind } from '@voltlane/energy-domain';
import type { EnergyNode } from '../../persistence/node.repository';
import { conflict, invalid } from './energy-error';

/** The kinds a node of each kind may hang from (the grid node hangs from nothing). */
const PARENT_KINDS: Record<NodeKind, readonly NodeKind[]> = {
  grid: [],
  circuit: ['grid', 'circuit'],
  station: ['grid', 'circuit'],
  evse: ['station'],
};

/** Fields that only some kinds take (the others — name, limits, unmanaged load — every kind takes). */
const KIND_FIELDS: Record<string, readonly NodeKind[]> = {
  stationId: ['station', 'evse'],
  phaseRotation: ['station'],
  evseCount: ['station'],
  evseId: ['evse'],
  priority: ['evse'],
  maxA: ['station', 'evse'],
  dc: ['evse'],
};

/** Which of the kind-bound fields a request set: the names of KIND_FIELDS it gave a value. */
export type GivenFields = ReadonlySet<string>;

/** Where else a station is: its station node in another site (or under another id in this one). */
export interface StationPlace {
  siteId: string;
  nodeId: string;
}

/**
 * Checks a node as it would be stored against the site's tree (`tree`: every node of the site now,
 * the node itself included when it exists) and the rules of the design: one grid root per site; the
 * parent exists in the same site; no cycle; an EVSE under a station, a station under the grid or a
 * circuit, a circuit under the grid or a circuit; the node's children still fit under it; a station
 * in one site only; EVSE ids unique per station; fields only for the kinds that have them.
 * Throws an EnergyError (Invalid: the request; Conflict: it clashes with the stored tree).
 */
export function checkNode(tree: readonly EnergyNode[], node: EnergyNode, given: GivenFields, stationElsewhere: StationPlace | null): void {
  for (const field of given) {
    const kinds = KIND_FIELDS[field];
    if (kinds && !kinds.includes(node.kind))
      throw invalid('FieldNotForKind', `${field} is not for a ${node.kind} node (only ${kinds.join(', ')})`, field);
  }
  const byId = new Map(tree.map((n) => [n.nodeId, n]));
  if (node.kind === 'grid') {
    if (node.parentId !== null) throw invalid('GridHasParent', 'the grid node is the root: its parentId must be null', 'parentId');
    const other = tree.find((n) => n.kind === 'grid' && n.nodeId !== node.nodeId);
    if (other) throw conflict('SecondGrid', `site ${node.siteId} has its grid node already (${other.nodeId}); a site has one grid root`);
  } else {
    checkParent(byId, node);
  }
  checkChildren(tree, node);
  if (node.kind === 'station') checkStation(tree, node, stationElsewhere);
  if (node.kind === 'evse') checkEvse(tree, node, byId.get(node.parentId ?? ''));
}

function checkParent(byId: ReadonlyMap<string, EnergyNode>, node: EnergyNode): void {
  const allowed = PARENT_KINDS[node.kind];
  if (node.parentId === null)
    throw invalid('ParentRequired', `a ${node.kind} node needs a parentId (a ${allowed.join(' or ')} node)`, 'parentId');
  if (node.parentId === node.nodeId) throw invalid('OwnParent', `node ${node.nodeId} cannot be its own parent`, 'parentId');
  const parent = byId.get(node.parentId);
  if (!parent) throw invalid('UnknownParent', `parentId ${node.parentId} is no node of site ${node.siteId}`, 'parentId');
  if (!allowed.includes(parent.kind))
    throw invalid(
      'WrongParentKind',
      `a ${node.kind} node must be under a ${allowed.join(' or ')} node; ${parent.nodeId} is a ${parent.kind}`,
      'parentId',
    );
  // A cycle: the new parent is the node itself or under it.
  let steps = 0;
  for (let at: EnergyNode | undefined = parent; at && steps <= byId.size; at = at.parentId === null ? undefined : byId.get(at.parentId)) {
    steps++;
    if (at.nodeId === node.nodeId)
      throw conflict('Cycle', `parentId ${node.parentId} is under node ${node.nodeId}: the tree would have a cycle`, 'parentId');
  }
}

function checkChildren(tree: readonly EnergyNode[], node: EnergyNode): void {
  for (const child of tree) {
    if (child.parentId !== node.nodeId || child.nodeId === node.nodeId) continue;
    const allowed = PARENT_KINDS[child.kind];
    if (!allowed.includes(node.kind))
      throw conflict(
        'ChildrenDoNotFit',
        `node ${node.nodeId} has a ${child.kind} child (${child.nodeId}), which must be under a ${allowed.join(' or ')} node`,
        'kind',
      );
  }
}

function checkStation(tree: readonly EnergyNode[], node: EnergyNode, elsewhere: StationPlace | null): void {
  if (node.stationId === null) throw invalid('StationIdRequired', 'a station node needs stationId', 'stationId');
  const twin = tree.find((n) => n.kind === 'station' && n.stationId === node.stationId && n.nodeId !== node.nodeId);
  if (twin) throw conflict('StationTwice', `station ${node.stationId} is node ${twin.nodeId} of this site already`, 'stationId');
  if (elsewhere && elsewhere.siteId !== node.siteId)
    throw conflict(
      'StationInOtherSite',
      `station ${node.stationId} belongs to site ${elsewhere.siteId} (node ${elsewhere.nodeId})`,
      'stationId',
    );
}

function checkEvse(tree: readonly EnergyNode[], node: EnergyNode, station: EnergyNode | undefined): void {
  if (node.evseId === null) throw invalid('EvseIdRequired', 'an evse node needs evseId', 'evseId');
  if (station && node.stationId !== station.stationId)
    throw invalid(
      'StationIdMismatch',
      `an evse node belongs to the station of its parent: stationId must be ${station.stationId ?? ''} (or left out)`,
      'stationId',
    );
  const twin = tree.find((n) => n.kind === 'evse' && n.parentId === node.parentId && n.evseId === node.evseId && n.nodeId !== node.nodeId);
  if (twin)
    throw conflict('EvseIdTaken', `EVSE ${node.evseId} of station ${node.stationId ?? ''} is node ${twin.nodeId} already`, 'evseId');
}
