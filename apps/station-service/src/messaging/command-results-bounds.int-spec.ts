import pino from 'pino';
import { QueryFailedError, type DataSource } from 'typeorm';
import type { OcppCommandEvent } from '@voltlane/contracts';
import {
  InMemoryBootStatusStore,
  InMemoryStationCredentialStore,
  InMemoryStationLimitStore,
  type EventSubscriber,
} from '@voltlane/messaging';
import { openServiceDatabase, ValueOutOfBounds, type DeadLetters } from '@voltlane/service-kit';
import { infraEnv, uniqueName } from '@voltlane/testing';
import { STATION_ENTITIES } from '../persistence/station-entities';
import { stationMigrations } from '../migrations/station-migrations';
import { CredentialService } from '../application/credential.service';
import { StationLimitsService } from '../application/station-limits.service';
import { CommandResultsConsumer } from './command-results.consumer';

// The command-results consumer writes configuration_key, device_variable (jsonb attributes),
// availability and station_command_record by raw SQL: values from the command as sent and from
// the station's answer that no column can hold fail as ValueOutOfBounds, on the real schema,
// and nothing of the result is stored (not even the station row the transaction began with).
describe('station-service: command results beyond their columns', () => {
  const env = infraEnv();
  let dataSource: DataSource;
  let consumer: CommandResultsConsumer;
  let counter = 0;

  beforeAll(async () => {
    dataSource = await openServiceDatabase({
      url: env.databaseUrl,
      schema: uniqueName('station_results_bounds'),
      entities: STATION_ENTITIES,
      migrations: stationMigrations,
      poolSize: 2,
    });
    const logger = pino({ level: 'silent' });
    consumer = new CommandResultsConsumer(
      { subscriber: {} as EventSubscriber, deadLetters: {} as DeadLetters },
      dataSource,
      { groupId: 'g', topic: 't' },
      logger,
      {
        credentials: new CredentialService(dataSource, new InMemoryStationCredentialStore(), new InMemoryBootStatusStore(), logger),
        limits: new StationLimitsService(dataSource, new InMemoryStationLimitStore(), logger),
      },
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  const event = (
    stationId: string,
    protocol: 'ocpp1.6' | 'ocpp2.0.1',
    action: string,
    request: Record<string, unknown>,
    answer: Record<string, unknown>,
  ): OcppCommandEvent => ({
    stationId,
    protocol,
    sentBy: 'operator-api',
    sentAt: '2025-01-01T00:00:00Z',
    answeredAt: '2025-01-01T00:00:01Z',
    result: {
      kind: 'command-result',
      correlationId: `c-${++counter}-${stationId}`,
      stationId,
      outcome: 'result',
      protocol,
      payload: answer,
      request: { action, payload: request },
    },
  });
  const variable = (evse?: { id: number; connectorId?: number }) => ({
    component: { name: 'EVSE', ...(evse ? { evse } : {}) },
    variable: { name: 'Power' },
  });
  const stationRows = async (id: string): Promise<number> =>
    (await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM station WHERE id = $1', [id]))[0].n;

  it.each([
    [
      'GetVariables',
      'ocpp2.0.1',
      { getVariableData: [variable()] },
      { getVariableResult: [{ ...variable(), attributeStatus: 'Accepted', attributeValue: 'on\u0000off' }] },
      'device_variable.attributes',
    ],
    [
      'GetVariables',
      'ocpp2.0.1',
      { getVariableData: [variable({ id: 2147483648 })] },
      { getVariableResult: [{ ...variable({ id: 2147483648 }), attributeStatus: 'Accepted', attributeValue: '1' }] },
      'device_variable.evse_id',
    ],
    [
      'GetVariables',
      'ocpp2.0.1',
      {},
      {
        getVariableResult: [
          { component: { name: 'E\u0000' }, variable: { name: 'Power' }, attributeStatus: 'Accepted', attributeValue: '1' },
        ],
      },
      'device_variable.component_name',
    ],
    [
      'SetVariables',
      'ocpp2.0.1',
      { setVariableData: [{ ...variable({ id: 1, connectorId: -2147483649 }), attributeValue: '1' }] },
      { setVariableResult: [{ ...variable({ id: 1, connectorId: -2147483649 }), attributeStatus: 'Accepted' }] },
      'device_variable.connector_id',
    ],
    [
      'SetVariables',
      'ocpp2.0.1',
      { setVariableData: [{ ...variable(), attributeValue: '\u0000' }] },
      { setVariableResult: [{ ...variable(), attributeStatus: 'Accepted' }] },
      'device_variable.attributes',
    ],
    [
      'GetConfiguration',
      'ocpp1.6',
      {},
      { configurationKey: [{ key: 'Heart\u0000beat', readonly: false, value: '60' }] },
      'configuration_key.key',
    ],
    [
      'ChangeConfiguration',
      'ocpp1.6',
      { key: 'MeterValueSampleInterval', value: '6\u00000' },
      { status: 'Accepted' },
      'configuration_key.value',
    ],
    [
      'ChangeAvailability',
      'ocpp1.6',
      { connectorId: 2147483648, type: 'Inoperative' },
      { status: 'Accepted' },
      'availability.connector_id',
    ],
    [
      'ChangeAvailability',
      'ocpp2.0.1',
      { operationalStatus: 'Inoperative', evse: { id: -2147483649 } },
      { status: 'Accepted' },
      'availability.evse_id',
    ],
    [
      'GetLog',
      'ocpp2.0.1',
      { logType: 'DiagnosticsLog', requestId: 2147483648, log: { remoteLocation: 'ftp://x' } },
      { status: 'Accepted' },
      'station_command_record.request_id',
    ],
    [
      'GetLog',
      'ocpp2.0.1',
      { logType: 'DiagnosticsLog', requestId: 1, log: { remoteLocation: 'ftp://x' } },
      { status: 'Accepted', filename: 'log\u0000.txt' },
      'station_command_record.file_name',
    ],
    [
      'Reset',
      'ocpp2.0.1',
      { type: 'Immediate' },
      { status: 'Accepted', statusInfo: { reasonCode: 'x\u0000' } },
      'station_command_record.response',
    ],
  ] as const)('%s (%s) %p answered %p → ValueOutOfBounds(%s), nothing stored', async (action, protocol, request, answer, field) => {
    const stationId = uniqueName('cs');
    const error = await consumer.apply(event(stationId, protocol, action, request, answer)).then(
      () => 'stored',
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).not.toBeInstanceOf(QueryFailedError);
    expect(error).toMatchObject({ field });
    expect(await stationRows(stationId)).toBe(0);
  });

  it('stores the same results when the values fit', async () => {
    const stationId = uniqueName('cs');
    await consumer.apply(
      event(
        stationId,
        'ocpp2.0.1',
        'GetVariables',
        {},
        { getVariableResult: [{ ...variable({ id: 1 }), attributeStatus: 'Accepted', attributeValue: '11000' }] },
      ),
    );
    await consumer.apply(
      event(
        stationId,
        'ocpp2.0.1',
        'GetLog',
        { logType: 'DiagnosticsLog', requestId: 7, log: { remoteLocation: 'ftp://x' } },
        { status: 'Accepted', filename: 'log.txt' },
      ),
    );
    const variables = await dataSource.query<{ attributes: unknown }[]>('SELECT attributes FROM device_variable WHERE station_id = $1', [
      stationId,
    ]);
    expect(variables).toEqual([{ attributes: [{ type: 'Actual', value: '11000' }] }]);
    const records = await dataSource.query<{ request_id: number; file_name: string }[]>(
      'SELECT request_id, file_name FROM station_command_record WHERE station_id = $1',
      [stationId],
    );
    expect(records).toEqual([{ request_id: 7, file_name: 'log.txt' }]);
  });
});
