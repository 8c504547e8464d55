import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { ENERGY_NODE_ID_PATTERN, ENERGY_SITE_ID_PATTERN, PhaseCurrents } from './energy-site-loads.contract';
import { Timestamp } from './schema-builders';

const ENERGY_GRID_LIMITS_DESCRIPTION = [
  "`energy.grid-limits.v1`: a limit imposed on one node of a site for a while, from outside (a grid operator's signal, an energy management system). Record key = `siteId`.",
  'Idempotent on `limitId`: a re-delivered record changes nothing, a later record with the same `limitId` replaces the limit, and `cleared: true` ends it for good (a record of a cleared limit is ignored). While in force (`validFrom` ≤ now < `validTo`, either open), the node’s limit is the lower of its own and every external limit, less the site’s safety margin. A record naming a site or node the service does not know, or a limit with neither `limitA` nor `limitKw`, is parked as a dead letter.',
].join('\n\n');

/** `energy.grid-limits.v1`: the payload's schema (the TypeScript type is derived from it). */
export const energyGridLimitSchema = Type.Object(
  {
    limitId: Type.String({ description: 'Names the limit: re-delivery is idempotent, a later record replaces it.', format: 'uuid' }),
    siteId: Type.String({ description: 'The site (energy-service site id); the record key.', pattern: ENERGY_SITE_ID_PATTERN }),
    nodeId: Type.String({ description: 'The node of the site the limit applies to.', pattern: ENERGY_NODE_ID_PATTERN }),
    origin: Type.Optional(
      Type.String({ description: 'Who imposes it (e.g. the grid operator), shown to operators.', minLength: 1, maxLength: 64 }),
    ),
    limitA: Type.Optional(PhaseCurrents('Most current per grid phase, A: [L1, L2, L3].', { minimum: 0, maximum: 100_000 })),
    limitKw: Type.Optional(Type.Number({ description: 'Most active power over all phases, kW.', minimum: 0, maximum: 1_000_000 })),
    validFrom: Type.Optional(Timestamp({ description: 'In force from (absent: now).' })),
    validTo: Type.Optional(Timestamp({ description: 'In force until, exclusive (absent: until cleared).' })),
    cleared: Type.Optional(Type.Boolean({ description: 'true: the limit ends now (the other fields but the ids are ignored).' })),
  },
  { $id: 'urn:voltlane:energy.grid-limits.v1', description: ENERGY_GRID_LIMITS_DESCRIPTION },
);
export type EnergyGridLimit = Static<typeof energyGridLimitSchema>;

export const energyGridLimitContract = defineContract('energy.grid-limits.v1', energyGridLimitSchema);

/** Validates a consumed `energy.grid-limits.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseEnergyGridLimit = energyGridLimitContract.incoming;
