import type { StationFaultEvent } from '../stations-faults.contract';
import type { ContractExample } from './contract-example';

export const stationFaultExamples: ContractExample<StationFaultEvent>[] = [
  {
    name: 'opened',
    summary: 'A 1.6 StatusNotification with errorCode GroundFailure opened a fault on connector 1.',
    key: 'CS-1',
    payload: {
      eventId: '1842:open',
      faultId: '1842',
      stationId: 'CS-1',
      protocol: 'ocpp1.6',
      evseId: 0,
      connectorId: 1,
      source: 'StatusNotification',
      code: 'GroundFailure',
      vendorCode: 'E-17',
      state: 'open',
      firstSeenAt: '2024-01-15T11:05:00.000Z',
      lastSeenAt: '2024-01-15T11:05:00.000Z',
      occurrences: 1,
      publishedAt: '2024-01-15T11:05:00.412Z',
    },
  },
  {
    name: 'resolved',
    summary: 'A later NoError status of the connector resolved it.',
    key: 'CS-1',
    payload: {
      eventId: '1842:resolved',
      faultId: '1842',
      stationId: 'CS-1',
      protocol: 'ocpp1.6',
      evseId: 0,
      connectorId: 1,
      source: 'StatusNotification',
      code: 'GroundFailure',
      vendorCode: 'E-17',
      state: 'resolved',
      firstSeenAt: '2024-01-15T11:05:00.000Z',
      lastSeenAt: '2024-01-15T11:07:30.000Z',
      resolvedAt: '2024-01-15T11:09:00.000Z',
      resolvedBy: 'station',
      occurrences: 2,
      publishedAt: '2024-01-15T11:09:00.205Z',
    },
  },
];
