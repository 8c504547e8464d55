import type { OcppInboundFrame } from '../ocpp-inbound.contract';
import type { ContractExample } from './contract-example';

export const ocppInboundExamples: ContractExample<OcppInboundFrame>[] = [
  {
    name: 'boot-notification-16',
    summary: 'A 1.6 BootNotification CALL as the station sent it, with the unpacked headers.',
    key: 'CS-1',
    headers: {
      'ocpp-protocol': 'ocpp1.6',
      'ocpp-action': 'BootNotification',
      'ocpp-message-id': '19223201',
      'ocpp-message-type': '2',
      'gateway-instance': 'gw-a-3f9c1e',
      'connection-id': '6f1d2c3b-7a8e-4f90-b1c2-d3e4f5a6b7c8',
      'received-at': '2024-01-15T09:59:58.120Z',
    },
    payload: [2, '19223201', 'BootNotification', { chargePointVendor: 'VoltCorp', chargePointModel: 'VL-22', firmwareVersion: '1.4.2' }],
  },
];
