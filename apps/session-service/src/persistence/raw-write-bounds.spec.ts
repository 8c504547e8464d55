import { DataSource } from 'typeorm';
import { ValueOutOfBounds, type InboundCallContext } from '@voltlane/service-kit';
import { ReservationStatusUpdateHandler } from '../handlers/reservation-status-update.handler';
import { ChargingProfileRepository } from './charging-profile.repository';
import { sessionEntities } from './entities';
import { RemoteStartRepository } from './remote-start.repository';
import { ReservationRepository, type ReservationRequest } from './reservation.repository';

// The reservation, remote_start and charging_profile writes are raw SQL (ON CONFLICT upserts):
// each repository checks the values against the table's columns first. The DataSource here has
// metadata but no connection and the EntityManager throws when reached, so a ValueOutOfBounds
// proves that no SQL was sent.
describe('session-service: raw writes beyond their columns', () => {
  let dataSource: DataSource;
  const unreachable = new Proxy(
    {},
    {
      get: () => {
        throw new Error('reached past the bounds check');
      },
    },
  ) as never;
  const failureOf = async (work: () => Promise<unknown>): Promise<unknown> =>
    work().then(
      () => 'stored',
      (error: unknown) => error,
    );
  const context = {
    stationId: 'CS-1',
    protocol: 'ocpp2.0.1',
    messageId: 'm1',
    receivedAt: new Date('2025-01-01T00:00:00Z'),
  } as InboundCallContext;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', entities: sessionEntities });
    await dataSource['buildMetadatas']();
  });

  it.each([
    [{ reservationId: 2147483648, reservationUpdateStatus: 'Expired' }, 'reservation.reservation_id'],
    [{ reservationId: -2147483649, reservationUpdateStatus: 'Removed' }, 'reservation.reservation_id'],
  ] as const)('ReservationStatusUpdate %p → ValueOutOfBounds(%s)', async (payload, field) => {
    const error = await failureOf(() => new ReservationStatusUpdateHandler(new ReservationRepository(dataSource)).handle(payload, context));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field, detail: `${payload.reservationId} is outside int4 (-2147483648..2147483647)` });
  });

  const reserveNow = (overrides: Partial<ReservationRequest>): ReservationRequest => ({
    stationId: 'CS-1',
    reservationId: 1,
    status: 'Accepted',
    protocol: 'ocpp2.0.1',
    connectorId: null,
    evseId: 1,
    idToken: 'TAG',
    idTokenType: 'ISO14443',
    groupIdToken: null,
    expiresAt: new Date('2025-01-01T01:00:00Z'),
    requestedAt: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  });

  it.each([
    [{ evseId: 2147483648 }, 'reservation.evse_id'],
    [{ connectorId: -2147483649 }, 'reservation.connector_id'],
    [{ idToken: 'T\u0000G' }, 'reservation.id_token'],
    [{ groupIdToken: '\u0000' }, 'reservation.group_id_token'],
    [{ expiresAt: new Date(Number.NaN) }, 'reservation.expires_at'],
  ])('a ReserveNow result %p → ValueOutOfBounds(%s)', async (overrides, field) => {
    const error = await failureOf(() => new ReservationRepository(dataSource).applyReserveNow(unreachable, reserveNow(overrides)));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field });
  });

  it('an accepted CancelReservation with reservationId 2^31 → ValueOutOfBounds(reservation.reservation_id)', async () => {
    const error = await failureOf(() => new ReservationRepository(dataSource).markCancelled(unreachable, 'CS-1', 2 ** 31));
    expect(error).toMatchObject({ field: 'reservation.reservation_id' });
    expect(error).toBeInstanceOf(ValueOutOfBounds);
  });

  const profile = {
    stationId: 'CS-1',
    profileId: 1,
    protocol: 'ocpp2.0.1',
    evseId: 1,
    stackLevel: 0,
    purpose: 'TxDefaultProfile',
    transactionRef: null,
    profile: {},
    setAt: new Date(),
    correlationId: 'c-1',
  };

  it.each([
    [{ profileId: 2147483648 }, 'charging_profile.profile_id'],
    [{ evseId: -2147483649 }, 'charging_profile.evse_id'],
    [{ stackLevel: 1e300 }, 'charging_profile.stack_level'],
    [{ transactionRef: 'tx\u0000' }, 'charging_profile.transaction_ref'],
    [{ profile: { chargingSchedule: [{ id: 1, chargingRateUnit: 'W\u0000' }] } }, 'charging_profile.profile'],
  ])('an accepted SetChargingProfile %p → ValueOutOfBounds(%s)', async (overrides, field) => {
    const error = await failureOf(() => new ChargingProfileRepository(dataSource).store(unreachable, { ...profile, ...overrides }));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field });
  });

  it.each([
    [{ profileId: 2147483648 }, 'charging_profile.profile_id'],
    [{ evseId: 2147483648, stackLevel: 1 }, 'charging_profile.evse_id'],
    [{ purpose: 'Tx\u0000' }, 'charging_profile.purpose'],
  ])('an accepted ClearChargingProfile %p → ValueOutOfBounds(%s)', async (filter, field) => {
    const error = await failureOf(() => new ChargingProfileRepository(dataSource).clear(unreachable, 'CS-1', filter));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field });
  });

  const answer = {
    stationId: 'CS-1',
    remoteStartId: 1 as number | null,
    protocol: 'ocpp2.0.1',
    idToken: 'TAG',
    idTokenType: 'ISO14443' as string | null,
    evseId: 1 as number | null,
    connectorId: null as number | null,
    status: 'Accepted' as const,
    transactionRef: null as string | null,
    correlationId: 'c-1',
    requestedAt: new Date(),
    answeredAt: new Date(),
  };

  it.each([
    [{ remoteStartId: 2147483648 }, 'remote_start.remote_start_id'],
    [{ evseId: 2147483648 }, 'remote_start.evse_id'],
    [{ remoteStartId: null, connectorId: -2147483649 }, 'remote_start.connector_id'],
    [{ idToken: 'T\u0000G' }, 'remote_start.id_token'],
    [{ transactionRef: 'tx\u0000' }, 'remote_start.transaction_ref'],
  ])('a RequestStartTransaction / RemoteStartTransaction answer %p → ValueOutOfBounds(%s)', async (overrides, field) => {
    const error = await failureOf(() => new RemoteStartRepository(dataSource).applyAnswer(unreachable, { ...answer, ...overrides }));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field });
  });

  it('an applied command with U+0000 in its correlation id → ValueOutOfBounds(applied_command.correlation_id)', async () => {
    const error = await failureOf(() =>
      new ChargingProfileRepository(dataSource).markApplied(unreachable, 'c\u0000', 'CS-1', 'ReserveNow'),
    );
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field: 'applied_command.correlation_id' });
  });
});
