import type { EnergyAllocation } from '../energy-allocations.contract';
import type { ContractExample } from './contract-example';

export const energyAllocationExamples: ContractExample<EnergyAllocation>[] = [
  {
    name: 'shared',
    summary:
      'Site depot-1 (a 63 A grid connection, 10 % safety margin: 56.7 A) after a second session started: a 3-phase and a 1-phase vehicle share it; the 1-phase one takes all it can on L1.',
    key: 'depot-1',
    payload: {
      siteId: 'depot-1',
      allocationId: '4711',
      plannedAt: '2024-01-15T10:00:00.250Z',
      triggers: ['session-started:CS-2'],
      sessions: [
        {
          sessionId: '0b7f1f4e-4b0c-4a53-9a52-2b0d8f1d3c01',
          stationId: 'CS-1',
          evseId: 1,
          transactionRef: 'f2a1c6d0-8e2b-4c7a-9b1d-3e4f5a6b7c8d',
          limitA: 32,
          phases: 3,
          status: 'Satisfied',
          reason: 'got its demand (32 A)',
          measuredA: [31.2, 31.0, 31.4],
        },
        {
          sessionId: '5c2d7e8f-1a3b-4c5d-8e9f-0a1b2c3d4e5f',
          stationId: 'CS-2',
          evseId: 1,
          transactionRef: '1732',
          limitA: 24.7,
          phases: 1,
          status: 'Capped',
          reason: 'capped by grid (L1 56.7 A)',
          limitingNodeId: 'grid',
        },
      ],
      nodes: [
        { nodeId: 'grid', kind: 'grid', effectiveLimitA: [56.7, 56.7, 56.7], plannedA: [56.7, 32, 32], plannedKw: 27.8 },
        { nodeId: 'cs-1', kind: 'station', plannedA: [32, 32, 32], plannedKw: 22.1, measuredA: [31.2, 31.0, 31.4] },
        { nodeId: 'cs-2', kind: 'station', plannedA: [24.7, 0, 0], plannedKw: 5.7 },
      ],
      overcommitted: [],
    },
  },
  {
    name: 'paused',
    summary: 'A grid limit dropped to 6 A per phase: the later session is paused, the earlier one keeps its minimum.',
    key: 'depot-1',
    payload: {
      siteId: 'depot-1',
      allocationId: '4712',
      plannedAt: '2024-01-15T10:05:00.120Z',
      triggers: ['limit-changed'],
      sessions: [
        {
          sessionId: '0b7f1f4e-4b0c-4a53-9a52-2b0d8f1d3c01',
          stationId: 'CS-1',
          evseId: 1,
          transactionRef: 'f2a1c6d0-8e2b-4c7a-9b1d-3e4f5a6b7c8d',
          limitA: 6,
          phases: 3,
          status: 'Capped',
          reason: 'capped by grid (6 A)',
          limitingNodeId: 'grid',
        },
        {
          sessionId: '5c2d7e8f-1a3b-4c5d-8e9f-0a1b2c3d4e5f',
          stationId: 'CS-2',
          evseId: 1,
          transactionRef: '1732',
          limitA: 0,
          phases: 1,
          status: 'Paused',
          reason: 'paused: its minimum (6 A) does not fit under grid',
          limitingNodeId: 'grid',
        },
      ],
      nodes: [{ nodeId: 'grid', kind: 'grid', effectiveLimitA: [6, 6, 6], plannedA: [6, 6, 6], plannedKw: 4.1 }],
      overcommitted: [],
    },
  },
];
