import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Timestamp } from './schema-builders';

/** An energy-service site id (`sites.site_id`). */
export const ENERGY_SITE_ID_PATTERN = '^[A-Za-z0-9._-]{1,64}$';
/** A node id within a site (`nodes.node_id`). */
export const ENERGY_NODE_ID_PATTERN = '^[A-Za-z0-9._:-]{1,64}$';

/** A current per grid phase, A: `[L1, L2, L3]`. */
export function PhaseCurrents(description: string, bounds: { minimum: number; maximum: number }) {
  return Type.Array(Type.Number(bounds), { description, minItems: 3, maxItems: 3 });
}

const ENERGY_SITE_LOADS_DESCRIPTION = [
  '`energy.site-loads.v1`: the measured current of loads nobody controls (a building, a heat pump; negative for local generation) under one node of a site, from a meter or a building management system. Record key = `siteId`.',
  'The energy-service keeps the latest measurement per node (an older `measuredAt` than the stored one is ignored), counts it at the node and every ancestor, and re-plans the site. A record naming a site or node the service does not know is parked as a dead letter.',
].join('\n\n');

/** `energy.site-loads.v1`: the payload's schema (the TypeScript type is derived from it). */
export const energySiteLoadSchema = Type.Object(
  {
    siteId: Type.String({ description: 'The site (energy-service site id); the record key.', pattern: ENERGY_SITE_ID_PATTERN }),
    nodeId: Type.String({ description: 'The node of the site the load is under.', pattern: ENERGY_NODE_ID_PATTERN }),
    currentA: PhaseCurrents('Measured unmanaged current per grid phase, A: [L1, L2, L3] (negative: generation).', {
      minimum: -100_000,
      maximum: 100_000,
    }),
    measuredAt: Timestamp({ description: 'When it was measured.' }),
  },
  { $id: 'urn:voltlane:energy.site-loads.v1', description: ENERGY_SITE_LOADS_DESCRIPTION },
);
export type EnergySiteLoad = Static<typeof energySiteLoadSchema>;

export const energySiteLoadContract = defineContract('energy.site-loads.v1', energySiteLoadSchema);

/** Validates a consumed `energy.site-loads.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseEnergySiteLoad = energySiteLoadContract.incoming;
