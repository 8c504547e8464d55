import pino from 'pino';
import { QueryFailedError, type DataSource } from 'typeorm';
import type { BootStatusStore, EventPublisher } from '@voltlane/messaging';
import { openServiceDatabase, ValueOutOfBounds, type InboundCallContext } from '@voltlane/service-kit';
import { infraEnv, uniqueName } from '@voltlane/testing';
import { STATION_ENTITIES } from './station-entities';
import { stationMigrations } from '../migrations/station-migrations';
import { BootService } from '../application/boot.service';
import type { FaultService } from '../application/fault.service';
import { StationRecordsService } from '../application/station-records.service';
import { StatusService } from '../application/status.service';

// Station values no column can hold fail as ValueOutOfBounds (permanent), before SQL, on the real
// station schema: never as `value out of range for type integer` or `invalid byte sequence … 0x00`.
describe('station-service: station values beyond their columns', () => {
  const env = infraEnv();
  let dataSource: DataSource;
  let counter = 0;
  const context = (stationId: string): InboundCallContext =>
    ({ stationId, protocol: 'ocpp1.6', messageId: `m${++counter}`, connectionId: 'c1', receivedAt: new Date() }) as InboundCallContext;
  const unreachable = new Proxy(
    {},
    {
      get: () => {
        throw new Error('reached past the bounds check');
      },
    },
  );

  beforeAll(async () => {
    dataSource = await openServiceDatabase({
      url: env.databaseUrl,
      schema: uniqueName('station_bounds'),
      entities: STATION_ENTITIES,
      migrations: stationMigrations,
      poolSize: 2,
    });
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  const failureOf = async (work: () => Promise<unknown>): Promise<unknown> =>
    work().then(
      () => 'stored',
      (error: unknown) => error,
    );
  const stationRows = async (id: string): Promise<number> =>
    (await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM station WHERE id = $1', [id]))[0].n;

  it.each([
    [{ connectorId: 2147483648 }, 'connector.connector_id'],
    [{ connectorId: -2147483649 }, 'connector.connector_id'],
    [{ connectorId: 1, info: 'door\u0000open' }, 'connector.info'],
    [{ connectorId: 1, vendorErrorCode: '\u0000' }, 'connector.vendor_error_code'],
  ])('StatusNotification %p → ValueOutOfBounds(%s), no station row touched', async (report, field) => {
    const stationId = uniqueName('cs');
    const status = new StatusService(dataSource, unreachable as EventPublisher, 'topic', unreachable as FaultService);
    const error = await failureOf(() =>
      status.report(context(stationId), { status: 'Available', source: 'StatusNotification', ...report }),
    );
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).not.toBeInstanceOf(QueryFailedError);
    expect(error).toMatchObject({ field });
    expect(await stationRows(stationId)).toBe(0);
  });

  it('BootNotification with U+0000 in meterSerialNumber → ValueOutOfBounds(station.meter_serial_number)', async () => {
    const stationId = uniqueName('cs');
    const boot = new BootService(
      dataSource,
      unreachable as BootStatusStore,
      { defaultStatus: 'Accepted' } as never,
      pino({ level: 'silent' }),
    );
    const payload = { chargePointVendor: 'ACME', chargePointModel: 'M1', meterSerialNumber: 'MSN\u00001' };
    const error = await failureOf(() =>
      boot.boot(context(stationId), { vendor: 'ACME', model: 'M1', meterSerialNumber: payload.meterSerialNumber }, undefined, payload),
    );
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({
      field: 'station.meter_serial_number',
      detail: 'contains U+0000 (NUL), which PostgreSQL cannot store in text',
    });
    expect(await stationRows(stationId)).toBe(0);
  });

  it('DataTransfer with U+0000 in vendorId or inside its data → ValueOutOfBounds, nothing stored', async () => {
    const records = new StationRecordsService(dataSource);
    const stationId = uniqueName('cs');
    const vendor = await failureOf(() =>
      records.dataTransfer(context(stationId), 'com.\u0000acme', undefined, 'Accepted', { vendorId: 'com.\u0000acme' }),
    );
    expect(vendor).toBeInstanceOf(ValueOutOfBounds);
    expect(vendor).toMatchObject({ field: 'data_transfer_request.vendor_id' });
    const data = await failureOf(() =>
      records.dataTransfer(context(stationId), 'com.acme', 'm', 'Accepted', { vendorId: 'com.acme', data: 'x\u0000' }),
    );
    expect(data).toBeInstanceOf(ValueOutOfBounds);
    expect(data).toMatchObject({ field: 'data_transfer_request.payload' });
    // The same service stores what the columns can hold.
    await records.dataTransfer(context(stationId), 'com.acme', 'm', 'Accepted', { vendorId: 'com.acme', data: 'fine' });
    expect(
      (
        await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM data_transfer_request WHERE station_id = $1', [stationId])
      )[0].n,
    ).toBe(1);
  });
});
