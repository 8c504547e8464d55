import pino from 'pino';
import { DataSource } from 'typeorm';
import { ValueOutOfBounds, type InboundCallContext } from '@voltlane/service-kit';
import { MeterSampleRecorder } from '../application/meter-sample-recorder';
import { meterValuesHandler } from '../handlers/meter-values.handler';
import type { SamplesPublisher } from '../messaging/metering-samples.publisher';
import { MeterSampleEntity } from './meter-sample.entity';
import { TypeOrmMeterSampleStore } from './meter-sample.repository';

// The samples INSERT is raw SQL: the store checks each row against MeterSampleEntity first. The
// DataSource here has metadata but no connection, so a ValueOutOfBounds proves no SQL was sent.
describe('meter_samples: station values beyond their columns', () => {
  let dataSource: DataSource;
  const publisher = { publish: () => Promise.reject(new Error('nothing to publish')) } as unknown as SamplesPublisher;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', entities: [MeterSampleEntity] });
    await dataSource['buildMetadatas']();
  });

  const context = (protocol: 'ocpp1.6' | 'ocpp2.0.1'): InboundCallContext =>
    ({
      stationId: 'CS-1',
      protocol,
      messageId: 'm1',
      connectionId: 'c1',
      receivedAt: new Date('2025-01-01T00:00:00Z'),
    }) as InboundCallContext;
  const meterValue = [{ timestamp: '2025-01-01T00:00:00Z', sampledValue: [{ value: 1200, measurand: 'Energy.Active.Import.Register' }] }];

  it.each([
    ['ocpp2.0.1', { evseId: 2147483648, meterValue }, 'meter_samples.evse_id'],
    ['ocpp2.0.1', { evseId: -2147483649, meterValue }, 'meter_samples.evse_id'],
    [
      'ocpp1.6',
      { connectorId: 2147483648, meterValue: [{ timestamp: '2025-01-01T00:00:00Z', sampledValue: [{ value: '1200' }] }] },
      'meter_samples.evse_id',
    ],
    [
      'ocpp2.0.1',
      { evseId: 1, meterValue: [{ timestamp: '2025-01-01T00:00:00Z', sampledValue: [{ value: 1, unitOfMeasure: { unit: 'W\u0000h' } }] }] },
      'meter_samples.unit',
    ],
  ] as const)('%s MeterValues %p → ValueOutOfBounds(%s)', async (protocol, payload, field) => {
    const handler = meterValuesHandler(
      new MeterSampleRecorder(new TypeOrmMeterSampleStore(dataSource), publisher, pino({ level: 'silent' })),
    );
    const error = await handler.handle(payload as never, context(protocol)).then(
      () => 'stored',
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field });
  });
});
