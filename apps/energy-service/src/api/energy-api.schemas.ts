import type { SchemaObject } from '@nestjs/swagger';
import { ENERGY_NODE_ID_PATTERN, ENERGY_SITE_ID_PATTERN } from '@voltlane/contracts';
import { STATION_ID_PATTERN, listQuerySchema } from '@voltlane/api-kit';
import { PHASE_ROTATIONS } from '../persistence/node.repository';

/**
 * JSON schemas of the energy API: they validate requests (SchemaPipe: a 400 problem naming the
 * field) and document them (OpenAPI). Currents are amperes per grid phase, stored to 0.1 A.
 */
const schema = (object: object): SchemaObject & Record<string, unknown> => object as SchemaObject & Record<string, unknown>;

export { problemSchema } from '@voltlane/api-kit';
export { ENERGY_NODE_ID_PATTERN, ENERGY_SITE_ID_PATTERN, STATION_ID_PATTERN };

const timestamp = { type: 'string', format: 'date-time' };
const nullableTimestamp = { type: 'string', format: 'date-time', nullable: true };
const siteId = { type: 'string', pattern: ENERGY_SITE_ID_PATTERN, description: 'Site id: 1–64 of A-Z a-z 0-9 . _ -' };
const nodeId = { type: 'string', pattern: ENERGY_NODE_ID_PATTERN, description: 'Node id within the site: 1–64 of A-Z a-z 0-9 . _ : -' };
const current = { type: 'number', minimum: 0, maximum: 100_000 };
const signedCurrent = { type: 'number', minimum: -100_000, maximum: 100_000 };
const phases = (item: object, description: string) => ({ type: 'array', items: item, minItems: 3, maxItems: 3, description });
const perPhaseLimit = phases(current, 'Per grid phase [L1, L2, L3], A');
const limitA = {
  description: 'Most current per grid phase, A: one number for all three phases, or [L1, L2, L3]',
  oneOf: [current, perPhaseLimit],
};
const limitKw = { type: 'number', minimum: 0, maximum: 1_000_000, description: 'Most active power over all phases, kW' };
const nodeKind = { type: 'string', enum: ['grid', 'circuit', 'station', 'evse'] };
const safetyMarginPct = {
  type: 'number',
  minimum: 0,
  maximum: 50,
  description: 'Every limit is reduced by this share, percent (default 0)',
};
const voltageV = { type: 'number', minimum: 1, maximum: 1000, description: 'Phase-to-neutral voltage for A ↔ kW, V (default 230)' };

export const siteCreateSchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['siteId', 'name'],
  properties: { siteId, name: { type: 'string', minLength: 1, maxLength: 200 }, safetyMarginPct, voltageV },
});

export const siteUpdateSchema = schema({
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, safetyMarginPct, voltageV },
});

export const siteSchema = schema({
  type: 'object',
  required: ['siteId', 'name', 'safetyMarginPct', 'voltageV', 'replanDueAt', 'replanReasons', 'plannedAt', 'createdAt', 'updatedAt'],
  properties: {
    siteId,
    name: { type: 'string' },
    safetyMarginPct: { type: 'number' },
    voltageV: { type: 'number' },
    replanDueAt: {
      ...nullableTimestamp,
      description: 'When the planner takes the site next (a change asked for it); null: the periodic plan',
    },
    replanReasons: { type: 'array', items: { type: 'string' }, description: 'Why, since the last plan' },
    plannedAt: { ...nullableTimestamp, description: 'Last planned; null: never' },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
});

export const siteListQuerySchema = schema(listQuerySchema({}));
export const cascadeQuerySchema = schema({
  type: 'object',
  additionalProperties: false,
  properties: { cascade: { type: 'boolean', default: false, description: 'Delete everything under it too' } },
});

export const nodeBodySchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    parentId: { ...nodeId, nullable: true, description: 'The parent node; null or absent only for the grid node (the root)' },
    kind: { ...nodeKind, description: 'grid (the root) → circuit (any depth) → station → evse' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    limitA,
    limitKw,
    unmanagedA: phases(signedCurrent, 'Fixed unmanaged load per grid phase [L1, L2, L3], A (negative: generation)'),
    stationId: { type: 'string', pattern: STATION_ID_PATTERN, description: 'station (required) and evse (default: the parent station’s)' },
    phaseRotation: { type: 'string', enum: [...PHASE_ROTATIONS], description: 'station: OCPP phase rotation (default RST)' },
    evseCount: { type: 'integer', minimum: 1, maximum: 1000, description: 'station: its EVSEs when the tree has no evse nodes under it' },
    evseId: { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: 'evse (required): the OCPP EVSE id (1.6: connector id)' },
    priority: { type: 'integer', minimum: -1_000_000, maximum: 1_000_000, description: 'evse: higher is served first' },
    maxA: { type: 'number', minimum: 0.1, maximum: 100_000, description: 'station/evse: rating per phase, A' },
    dc: { type: 'boolean', description: 'evse: a DC charger' },
  },
});

const measuredLoad = {
  type: 'object',
  required: ['currentA', 'measuredAt', 'source'],
  properties: {
    currentA: phases({ type: 'number' }, 'Measured unmanaged load per grid phase [L1, L2, L3], A'),
    measuredAt: timestamp,
    source: { type: 'string', enum: ['api', 'topic'] },
  },
};

export const measuredLoadSchema = schema({
  ...measuredLoad,
  required: ['siteId', 'nodeId', ...measuredLoad.required],
  properties: { siteId, nodeId, ...measuredLoad.properties },
});

export const nodeSchema = schema({
  type: 'object',
  required: ['siteId', 'nodeId', 'parentId', 'kind', 'limitA', 'limitKw', 'unmanagedA', 'stationId', 'dc', 'measuredLoad'],
  properties: {
    siteId,
    nodeId,
    parentId: { type: 'string', nullable: true },
    kind: nodeKind,
    name: { type: 'string', nullable: true },
    limitA: { ...phases({ type: 'number' }, 'Per grid phase [L1, L2, L3], A; null: none'), nullable: true },
    limitKw: { type: 'number', nullable: true },
    unmanagedA: phases({ type: 'number' }, 'Fixed unmanaged load per grid phase, A'),
    stationId: { type: 'string', nullable: true },
    phaseRotation: { type: 'string', enum: [...PHASE_ROTATIONS], nullable: true },
    evseCount: { type: 'integer', nullable: true },
    evseId: { type: 'integer', nullable: true },
    priority: { type: 'integer', nullable: true },
    maxA: { type: 'number', nullable: true },
    dc: { type: 'boolean' },
    measuredLoad: { ...measuredLoad, nullable: true, description: 'The latest measured unmanaged load (API or energy.site-loads.v1)' },
  },
});

export const loadBodySchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['currentA'],
  properties: {
    currentA: phases(signedCurrent, 'Measured unmanaged load per grid phase [L1, L2, L3], A (negative: generation)'),
    measuredAt: { ...timestamp, description: 'Default: now; an older one than the stored measurement is refused (409)' },
  },
});

export const limitBodySchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['nodeId'],
  properties: {
    nodeId,
    limitA,
    limitKw,
    validFrom: { ...timestamp, description: 'In force from (default: now)' },
    validTo: { ...timestamp, description: 'In force until, exclusive (default: until deleted)' },
    origin: { type: 'string', minLength: 1, maxLength: 64, description: 'Who imposes it, for operators (e.g. DSO)' },
  },
});

export const limitSchema = schema({
  type: 'object',
  required: ['limitId', 'siteId', 'nodeId', 'source', 'limitA', 'limitKw', 'validFrom', 'validTo', 'inForce'],
  properties: {
    limitId: { type: 'string', format: 'uuid' },
    siteId,
    nodeId,
    source: {
      type: 'string',
      enum: ['api', 'topic', 'station'],
      description: 'api, energy.grid-limits.v1, or a station (NotifyChargingLimit)',
    },
    origin: { type: 'string', nullable: true },
    stationId: { type: 'string', nullable: true, description: 'station limits: the station that reported it' },
    evseId: { type: 'integer', nullable: true },
    limitA: { ...perPhaseLimit, nullable: true },
    limitKw: { type: 'number', nullable: true },
    validFrom: nullableTimestamp,
    validTo: nullableTimestamp,
    createdAt: timestamp,
    inForce: { type: 'boolean', description: 'In force now (false: it starts later)' },
  },
});

export const historyQuerySchema = schema({
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { ...timestamp, description: 'Planned at or after' },
    to: { ...timestamp, description: 'Planned before' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Page size' },
    cursor: { type: 'string', minLength: 1, maxLength: 100, description: 'nextCursor of the previous page' },
  },
});

const sessionShare = {
  type: 'object',
  properties: {
    sessionId: { type: 'string' },
    stationId: { type: 'string' },
    evseId: { type: 'integer', nullable: true, description: '2.x EVSE id, 1.6 connector id; null while unknown' },
    transactionRef: { type: 'string' },
    limitA: { type: 'number', description: 'Per phase, A (0: paused)' },
    phases: { type: 'integer' },
    status: {
      type: 'string',
      enum: ['Satisfied', 'Capped', 'Paused', 'Fixed'],
      description: 'Fixed: not decided (its station rejects profiles or is offline), counted at limitA',
    },
    reason: { type: 'string' },
    limitingNodeId: { type: 'string' },
    measuredA: phases({ type: 'number' }, 'Measured per grid phase, A'),
  },
};

const nodeLoad = {
  type: 'object',
  properties: {
    nodeId: { type: 'string' },
    kind: nodeKind,
    effectiveLimitA: phases({ type: 'number' }, 'The limit in force after external limits and the margin, A'),
    effectiveLimitKw: { type: 'number' },
    plannedA: phases({ type: 'number' }, 'Allocated + fixed + unmanaged under the node, A'),
    plannedKw: { type: 'number' },
    measuredA: phases({ type: 'number' }, 'Measured under the node, A'),
  },
};

export const allocationSchema = schema({
  type: 'object',
  description: 'One decision of the planner: who got what, why, when (as published on energy.allocations.v1)',
  required: ['siteId', 'allocationId', 'plannedAt', 'triggers'],
  properties: {
    siteId,
    allocationId: { type: 'string', pattern: '^[0-9]{1,19}$', description: 'Grows with every decision (decimal integer as text)' },
    plannedAt: timestamp,
    triggers: { type: 'array', items: { type: 'string' }, description: 'Why the site was planned' },
    sessions: { type: 'array', items: sessionShare },
    nodes: { type: 'array', items: nodeLoad },
    overcommitted: {
      type: 'array',
      items: { type: 'string' },
      description: 'Nodes whose fixed and unmanaged load alone exceed their limit',
    },
  },
});

export const historyPageSchema = schema({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: allocationSchema },
    nextCursor: { type: 'string', nullable: true, description: 'Pass as cursor for the next (older) page; null: the last page' },
  },
});

export const replanSchema = schema({
  type: 'object',
  required: ['siteId', 'replanDueAt'],
  properties: {
    siteId,
    replanDueAt: { ...nullableTimestamp, description: 'Due from then (null: planned already)' },
    replanReasons: { type: 'array', items: { type: 'string' } },
  },
});

export const flaggedStationSchema = schema({
  type: 'object',
  required: ['stationId', 'flaggedAt', 'reason', 'connected', 'siteId', 'nodeId'],
  properties: {
    stationId: { type: 'string' },
    flaggedAt: timestamp,
    reason: { type: 'string', nullable: true, description: 'What the station answered' },
    connected: { type: 'boolean' },
    siteId: { type: 'string', nullable: true },
    nodeId: { type: 'string', nullable: true },
  },
});

export const PRIORITY_MATCHES = ['token', 'group'] as const;
export const priorityBodySchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['priority'],
  properties: { priority: { type: 'integer', minimum: -1_000_000, maximum: 1_000_000, description: 'Higher is served first' } },
});
export const priorityRuleSchema = schema({
  type: 'object',
  required: ['match', 'value', 'priority'],
  properties: {
    match: { type: 'string', enum: [...PRIORITY_MATCHES], description: 'token: an id token key (<type>:<VALUE>); group: a customer group' },
    value: { type: 'string' },
    priority: { type: 'integer' },
  },
});
