import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { ENERGY_NODE_ID_PATTERN, ENERGY_SITE_ID_PATTERN, PhaseCurrents } from './energy-site-loads.contract';
import { Enum, Nullable, Timestamp } from './schema-builders';

const ENERGY_ALLOCATIONS_DESCRIPTION = [
  '`energy.allocations.v1`: one decision of the energy-service for one site, as stored (`GET /api/v1/energy/sites/{siteId}/allocations`): which active session got which current per phase, why, and the planned load of every node. Record key = `siteId`.',
  'Published after every plan that was triggered (a session started or ended, a limit or load changed, an overload, an operator) and after a periodic plan that changed a session’s share. `allocationId` grows per decision; a consumer keeps, per site, the decision with the highest `allocationId`. The currents are per grid phase (the site’s L1, L2, L3; a station’s own phases are mapped with its phase rotation). A limit is what the session’s TxProfile says; the profile is sent only when it moved by more than the deadband or the status changed.',
].join('\n\n');

const Amps = (description: string) => Type.Number({ description, minimum: 0, maximum: 100_000 });
const GridCurrents = (description: string) => PhaseCurrents(description, { minimum: -100_000, maximum: 100_000 });

export const energyAllocationSessionSchema = Type.Object({
  sessionId: Type.String({ format: 'uuid' }),
  stationId: Type.String({ minLength: 1, maxLength: 48 }),
  evseId: Nullable(Type.Integer({ minimum: 0 }), { description: '2.x EVSE id, 1.6 connector id; null while unknown.' }),
  transactionRef: Type.String({ description: '1.6: the integer transaction id as text; 2.x: the station’s transactionId.', minLength: 1 }),
  limitA: Amps('The share per phase, A (0 when paused).'),
  phases: Type.Integer({ description: 'The phases the limit applies to (1 or 3).', minimum: 1, maximum: 3 }),
  status: Enum(['Satisfied', 'Capped', 'Paused', 'Fixed'], {
    description:
      'Satisfied: got all it demands; Capped: got less (a node’s limit or the fair share stopped it); Paused: even its minimum did not fit; Fixed: not decided (its station rejects profiles or is offline), counted at `limitA`.',
  }),
  reason: Type.String({ description: 'Why it got this limit, for a person.', maxLength: 500 }),
  limitingNodeId: Type.Optional(Type.String({ description: 'The node whose limit bound it.', pattern: ENERGY_NODE_ID_PATTERN })),
  measuredA: Type.Optional(GridCurrents('The current it drew last, per grid phase, A.')),
});

export const energyAllocationNodeSchema = Type.Object({
  nodeId: Type.String({ pattern: ENERGY_NODE_ID_PATTERN }),
  kind: Enum(['grid', 'circuit', 'station', 'evse']),
  effectiveLimitA: Type.Optional(GridCurrents('The current limit in force (external limits and safety margin applied), A.')),
  effectiveLimitKw: Type.Optional(Type.Number({ description: 'The power limit in force, kW.', minimum: 0 })),
  plannedA: GridCurrents('Allocated + fixed + unmanaged load under the node, per grid phase, A.'),
  plannedKw: Type.Number({ description: 'plannedA as power, kW.' }),
  measuredA: Type.Optional(GridCurrents('Measured under the node (sessions and unmanaged load), per grid phase, A.')),
});

/** `energy.allocations.v1`: the payload's schema (the TypeScript type is derived from it). */
export const energyAllocationSchema = Type.Object(
  {
    siteId: Type.String({ description: 'The site; the record key.', pattern: ENERGY_SITE_ID_PATTERN }),
    allocationId: Type.String({ description: 'Grows with every decision (a decimal integer as text).', pattern: '^[0-9]{1,19}$' }),
    plannedAt: Timestamp(),
    triggers: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
      description: 'What asked for this plan (`session-started:<station>`, `limit-changed`, `overload`, `periodic`, …).',
    }),
    sessions: Type.Array(energyAllocationSessionSchema),
    nodes: Type.Array(energyAllocationNodeSchema),
    overcommitted: Type.Array(Type.String({ pattern: ENERGY_NODE_ID_PATTERN }), {
      description: 'Nodes whose fixed and unmanaged load alone exceed their limit (nothing the allocator can fix).',
    }),
  },
  { $id: 'urn:voltlane:energy.allocations.v1', description: ENERGY_ALLOCATIONS_DESCRIPTION },
);
export type EnergyAllocation = Static<typeof energyAllocationSchema>;
export type EnergyAllocationSession = Static<typeof energyAllocationSessionSchema>;
export type EnergyAllocationNode = Static<typeof energyAllocationNodeSchema>;

export const energyAllocationContract = defineContract('energy.allocations.v1', energyAllocationSchema);

/** Validates a consumed `energy.allocations.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseEnergyAllocation = energyAllocationContract.incoming;
