import type { EnergyGridLimit } from '../energy-grid-limits.contract';
import type { ContractExample } from './contract-example';

const limitId = '6f1d2c3b-8a4e-4f5d-9b7c-1e2f3a4b5c6d';

export const energyGridLimitExamples: ContractExample<EnergyGridLimit>[] = [
  {
    name: 'evening-peak',
    summary: 'The grid operator limits depot-7’s connection to 32 A per phase and 20 kW during the evening peak.',
    key: 'depot-7',
    payload: {
      limitId,
      siteId: 'depot-7',
      nodeId: 'grid',
      origin: 'DSO',
      limitA: [32, 32, 32],
      limitKw: 20,
      validFrom: '2026-03-02T17:00:00.000Z',
      validTo: '2026-03-02T21:00:00.000Z',
    },
  },
  {
    name: 'cleared',
    summary: 'The operator lifts the same limit early: cleared, for good.',
    key: 'depot-7',
    payload: { limitId, siteId: 'depot-7', nodeId: 'grid', cleared: true },
  },
];
