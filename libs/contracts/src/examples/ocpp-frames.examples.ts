import type { OcppFramesBatch } from '../ocpp-frames.contract';
import type { ContractExample } from './contract-example';

const connection = { stationId: 'CS-0001', connectionId: '3f0c2a51-8d6e-4b7a-9c1d-2e4f6a8b0c1d' };

export const ocppFramesExamples: ContractExample<OcppFramesBatch>[] = [
  {
    name: 'start-and-answer',
    summary: 'A 1.6 StartTransaction from the station and the CSMS answer to it, as one gateway instance handled them.',
    key: 'gw-7c9f',
    payload: {
      gatewayInstance: 'gw-7c9f',
      frames: [
        {
          ...connection,
          direction: 'in',
          at: '2025-03-01T08:00:00.120Z',
          action: 'StartTransaction',
          frame:
            '[2,"19223201","StartTransaction",{"connectorId":1,"idTag":"04E91C2A","meterStart":1200,"timestamp":"2025-03-01T08:00:00Z"}]',
        },
        {
          ...connection,
          direction: 'out',
          at: '2025-03-01T08:00:00.161Z',
          action: 'StartTransaction',
          frame: '[3,"19223201",{"transactionId":1042,"idTagInfo":{"status":"Accepted"}}]',
        },
      ],
    },
  },
  {
    name: 'unreadable-frame',
    summary: 'A frame that is not JSON, and the CALLERROR the gateway answered it with: no action is known.',
    key: 'gw-7c9f',
    payload: {
      gatewayInstance: 'gw-7c9f',
      frames: [
        { ...connection, direction: 'in', at: '2025-03-01T08:01:00.000Z', action: null, frame: '[2,"x1","Heartbeat",{' },
        {
          ...connection,
          direction: 'out',
          at: '2025-03-01T08:01:00.001Z',
          action: null,
          frame: '[4,"-1","RpcFrameworkError","The frame is not valid JSON",{}]',
        },
      ],
    },
  },
];
