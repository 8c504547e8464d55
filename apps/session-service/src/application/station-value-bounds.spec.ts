import { DataSource } from 'typeorm';
import type { v16, v201 } from '@voltlane/ocpp';
import { ValueOutOfBounds, type InboundCallContext } from '@voltlane/service-kit';
import { sessionEntities } from '../persistence/entities';
import { SessionRepository } from '../persistence/session.repository';
import { TransactionEventRepository } from '../persistence/transaction-event.repository';
import { Ocpp16TransactionService } from './ocpp16-transaction.service';
import { TransactionEventService } from './transaction-event.service';
import type { TransactionParts } from './transaction-parts';

// Schema-valid values no session column can hold are refused as ValueOutOfBounds before any SQL:
// the DataSource here has the entities' metadata but no connection, and every other dependency
// throws if it is reached.
describe('session-service: station values beyond their columns', () => {
  let dataSource: DataSource;
  const unreachable = new Proxy(
    {},
    {
      get: () => {
        throw new Error('reached past the bounds check');
      },
    },
  ) as never;
  const partsReachingOnlySessions = (): TransactionParts => ({
    sessions: new SessionRepository(dataSource),
    reservations: unreachable,
    authorizer: unreachable,
    lifecycle: unreachable,
    events: unreachable,
    relay: unreachable,
    remoteStarts: unreachable,
  });
  const context = (protocol: 'ocpp1.6' | 'ocpp2.0.1'): InboundCallContext =>
    ({ stationId: 'CS-1', protocol, messageId: 'm1', receivedAt: new Date('2025-01-01T00:00:00Z') }) as InboundCallContext;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', entities: sessionEntities });
    await dataSource['buildMetadatas']();
  });

  const failureOf = async (work: () => Promise<unknown>): Promise<unknown> =>
    work().then(
      () => 'answered',
      (error: unknown) => error,
    );

  const start = (overrides: Partial<v16.StartTransactionRequest>): v16.StartTransactionRequest => ({
    connectorId: 1,
    idTag: 'TAG',
    meterStart: 0,
    timestamp: '2025-01-01T00:00:00Z',
    ...overrides,
  });
  const stop = (overrides: Partial<v16.StopTransactionRequest>): v16.StopTransactionRequest => ({
    transactionId: 1,
    meterStop: 10,
    timestamp: '2025-01-01T01:00:00Z',
    ...overrides,
  });

  it.each([
    ['StartTransaction', { connectorId: -2147483649 }, 'session.connector_id', '-2147483649 is outside int4 (-2147483648..2147483647)'],
    ['StartTransaction', { connectorId: 2147483648 }, 'session.connector_id', '2147483648 is outside int4 (-2147483648..2147483647)'],
    [
      'StartTransaction',
      { meterStart: 1e300 },
      'session.meter_start_wh',
      '1e+300 does not fit numeric(20,3) (at most 17 digits before the point)',
    ],
    ['StartTransaction', { idTag: 'A\u0000' }, 'session.id_token', 'contains U+0000 (NUL), which PostgreSQL cannot store in text'],
    ['StartTransaction', { reservationId: 2147483648 }, 'session.reservation_id', '2147483648 is outside int4 (-2147483648..2147483647)'],
    ['StopTransaction', { transactionId: 99999999999 }, 'session.transaction_id', '99999999999 is outside int4 (-2147483648..2147483647)'],
    [
      'StopTransaction',
      { meterStop: 1e30 },
      'session.meter_stop_wh',
      '1e+30 does not fit numeric(20,3) (at most 17 digits before the point)',
    ],
  ])('%s %p → ValueOutOfBounds(%s)', async (action, overrides, field, detail) => {
    const service = new Ocpp16TransactionService(partsReachingOnlySessions());
    const error = await failureOf(() =>
      action === 'StartTransaction'
        ? service.start(start(overrides as Partial<v16.StartTransactionRequest>), context('ocpp1.6'))
        : service.stop(stop(overrides as Partial<v16.StopTransactionRequest>), context('ocpp1.6')),
    );
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field, detail });
  });

  const event = (overrides: Partial<v201.TransactionEventRequest>): v201.TransactionEventRequest => ({
    eventType: 'Started',
    timestamp: '2025-01-01T00:00:00Z',
    triggerReason: 'Authorized',
    seqNo: 0,
    transactionInfo: { transactionId: 'tx-1' },
    ...overrides,
  });

  it.each([
    [{ evse: { id: 2147483648 } }, 'transaction_event.evse_id'],
    [{ evse: { id: 1, connectorId: 2147483648 } }, 'transaction_event.connector_id'],
    [{ seqNo: 2147483648 }, 'transaction_event.seq_no'],
    [{ reservationId: -2147483649 }, 'transaction_event.reservation_id'],
    [{ transactionInfo: { transactionId: 'tx-1', remoteStartId: 2147483648 } }, 'transaction_event.remote_start_id'],
    [{ transactionInfo: { transactionId: 'tx\u0000' } }, 'session.transaction_ref'],
    [{ idToken: { idToken: 'A\u0000', type: 'ISO14443' } }, 'transaction_event.id_token'],
    [
      { meterValue: [{ timestamp: '2025-01-01T00:00:00Z', sampledValue: [{ value: 1e17, measurand: 'Energy.Active.Import.Register' }] }] },
      'transaction_event.register_wh',
    ],
    // 1e30 Wh is no reading at all: metering-domain flags it out-of-range and it never reaches a column. 1e17 Wh fits a sample but not numeric(20,3).
  ])('TransactionEvent %p → ValueOutOfBounds(%s)', async (overrides, field) => {
    const service = new TransactionEventService(partsReachingOnlySessions(), new TransactionEventRepository(dataSource), unreachable);
    const error = await failureOf(() => service.handle(event(overrides as Partial<v201.TransactionEventRequest>), context('ocpp2.0.1')));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field });
  });
});
