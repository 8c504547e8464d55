import type { StationFaultEvent } from '../stations-faults.contract';
import type { ContractExample } from './contract-example';

/** Fault 1842, in both examples: a ground failure on connector 1 of CS-1, reported by a 1.6 StatusNotification. */
const groundFault = {
  faultId: '1842',
  stationId: 'CS-1',
  protocol: 'ocpp1.6',
  evseId: 0,
  connectorId: 1,
  source: 'StatusNotification',
  code: 'GroundFailure',
  vendorCode: 'E-17',
} satisfies Partial<StationFaultEvent>;

export const stationFaultExamples: ContractExample<StationFaultEvent>[] = [
  {
    name: 'opened',
    summary: 'A 1.6 StatusNotification with errorCode GroundFailure opened a fault on connector 1.',
    key: groundFault.stationId,
    payload: {
      eventId: `${groundFault.faultId}:open`,
      ...groundFault,
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
    key: groundFault.stationId,
    payload: {
      eventId: `${groundFault.faultId}:resolved`,
      ...groundFault,
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
