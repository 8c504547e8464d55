import type { OcppCommandEvent } from '../ocpp-commands.contract';
import type { ContractExample } from './contract-example';

export const ocppCommandExamples: ContractExample<OcppCommandEvent>[] = [
  {
    name: 'change-configuration-accepted',
    summary: 'The station-service sent a 1.6 ChangeConfiguration and the station accepted it (the station-service, its owner, applies it).',
    key: 'CS-1',
    payload: {
      stationId: 'CS-1',
      protocol: 'ocpp1.6',
      sentBy: 'station-service',
      sentAt: '2024-01-15T12:00:00.000Z',
      answeredAt: '2024-01-15T12:00:00.480Z',
      result: {
        kind: 'command-result',
        correlationId: '2d7c9e4a-1b3f-4a5d-9e8c-7f6a5b4c3d2e',
        stationId: 'CS-1',
        outcome: 'result',
        protocol: 'ocpp1.6',
        payload: { status: 'Accepted' },
        request: { action: 'ChangeConfiguration', payload: { key: 'HeartbeatInterval', value: '300' } },
      },
    },
  },
  {
    name: 'remote-start-offline',
    summary: 'The session-service sent a RequestStartTransaction to a station that was not connected.',
    key: 'CS-2',
    payload: {
      stationId: 'CS-2',
      protocol: null,
      sentBy: 'session-service',
      sentAt: '2024-01-15T12:01:00.000Z',
      answeredAt: '2024-01-15T12:01:00.004Z',
      result: {
        kind: 'command-result',
        correlationId: '8e1f2a3b-4c5d-4e6f-a7b8-c9d0e1f2a3b4',
        stationId: 'CS-2',
        outcome: 'offline',
        reason: 'station is not connected',
        request: { action: 'RequestStartTransaction', payload: { idToken: { idToken: 'AABBCCDD', type: 'ISO14443' }, remoteStartId: 17 } },
      },
    },
  },
];
