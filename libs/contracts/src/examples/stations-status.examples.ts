import type { StationStatusEvent } from '../stations-status.contract';
import type { ContractExample } from './contract-example';

export const stationStatusExamples: ContractExample<StationStatusEvent>[] = [
  {
    name: 'charging-16',
    summary: 'Connector 1 of a 1.6 charge point went from Preparing to Charging.',
    key: 'CS-1',
    payload: {
      stationId: 'CS-1',
      protocol: 'ocpp1.6',
      connectorId: 1,
      status: 'Charging',
      previousStatus: 'Preparing',
      errorCode: 'NoError',
      source: 'StatusNotification',
      timestamp: '2024-01-15T10:00:02.000Z',
      receivedAt: '2024-01-15T10:00:02.310Z',
    },
  },
];
