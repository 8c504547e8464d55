import type { StationConnectionEvent } from '../station-connection.contract';
import type { ContractExample } from './contract-example';

export const stationConnectionExamples: ContractExample<StationConnectionEvent>[] = [
  {
    name: 'connected',
    summary: 'A 2.0.1 station connected over TLS with basic authentication (security profile 2).',
    key: 'CS-1',
    payload: {
      type: 'Connected',
      stationId: 'CS-1',
      protocol: 'ocpp2.0.1',
      gatewayInstance: 'gw-a-3f9c1e',
      connectionId: '6f1d2c3b-7a8e-4f90-b1c2-d3e4f5a6b7c8',
      securityProfile: 2,
      at: '2024-01-15T09:59:57.940Z',
    },
  },
  {
    name: 'disconnected',
    summary: 'The same connection closed.',
    key: 'CS-1',
    payload: {
      type: 'Disconnected',
      stationId: 'CS-1',
      protocol: 'ocpp2.0.1',
      gatewayInstance: 'gw-a-3f9c1e',
      connectionId: '6f1d2c3b-7a8e-4f90-b1c2-d3e4f5a6b7c8',
      securityProfile: 2,
      at: '2024-01-15T12:30:05.002Z',
      closeCode: 1001,
      reason: 'going away',
    },
  },
];
