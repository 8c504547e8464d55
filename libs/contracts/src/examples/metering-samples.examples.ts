import type { MeteringSamplesEvent } from '../metering-samples.contract';
import type { ContractExample } from './contract-example';

export const meteringSamplesExamples: ContractExample<MeteringSamplesEvent>[] = [
  {
    name: 'meter-values-201',
    summary: 'A 2.0.1 TransactionEvent Updated with the energy register (sent in kWh, stored in Wh) and the power.',
    key: 'CS-1',
    payload: {
      stationId: 'CS-1',
      protocol: 'ocpp2.0.1',
      source: { action: 'TransactionEvent', messageId: 'c4a1e7f2-0b3d-4e5f-8a9b-1c2d3e4f5a6b' },
      transactionRef: 'tx-1',
      evseId: 1,
      connectorId: 1,
      recordedAt: '2024-01-15T10:30:00.350Z',
      samples: [
        {
          sampleId: '3c5e8a10-6b2f-8d41-a9e3-51f7c0d2b6e8',
          timestamp: '2024-01-15T10:30:00.000Z',
          measurand: 'Energy.Active.Import.Register',
          location: 'Outlet',
          context: 'Sample.Periodic',
          unit: 'Wh',
          value: '7250',
          rawValue: '7.25',
        },
        {
          sampleId: '9d0f1a2b-3c4d-8e5f-b6a7-c8d9e0f1a2b3',
          timestamp: '2024-01-15T10:30:00.000Z',
          measurand: 'Power.Active.Import',
          location: 'Outlet',
          context: 'Sample.Periodic',
          unit: 'W',
          value: '11040',
          rawValue: '11040',
        },
      ],
    },
  },
];
