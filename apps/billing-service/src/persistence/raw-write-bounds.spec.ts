import { DataSource } from 'typeorm';
import { ValueOutOfBounds } from '@voltlane/service-kit';
import { BILLING_ENTITIES } from './billing-entities';
import { BillingSessionRepository, type BillingSessionState } from './billing-session.repository';
import { CustomerTokenRepository, type TokenSnapshotRow } from './customer-token.repository';

// The billing_sessions and customer_tokens upserts are raw SQL fed by events: the repositories
// check the values against the columns first. No connection here, so ValueOutOfBounds means no SQL.
describe('billing-service: raw writes beyond their columns', () => {
  let dataSource: DataSource;
  const failureOf = async (work: () => Promise<unknown>): Promise<unknown> =>
    work().then(
      () => 'stored',
      (error: unknown) => error,
    );

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', entities: BILLING_ENTITIES });
    await dataSource['buildMetadatas']();
  });

  const state = (overrides: Partial<BillingSessionState>): BillingSessionState => ({
    sessionId: '00000000-0000-4000-8000-000000000001',
    stationId: 'CS-1',
    protocol: 'ocpp1.6',
    transactionRef: '1',
    idTokenKey: 'TAG',
    connectorId: 1,
    evseId: null,
    startedAt: new Date('2025-01-01T00:00:00Z'),
    endedAt: null,
    energyWh: 1000,
    chargingSeconds: 60,
    idleSeconds: 0,
    anomalies: [],
    status: 'Active',
    lastOccurredAt: new Date('2025-01-01T00:01:00Z'),
    ...overrides,
  });

  it.each([
    // numeric(18,3): a session-service numeric(20,3) energy can be two digits too wide here.
    [{ energyWh: 1e16 }, 'billing_sessions.energy_wh', '10000000000000000 does not fit numeric(18,3) (at most 15 digits before the point)'],
    [{ energyWh: 1e300 }, 'billing_sessions.energy_wh', '1e+300 does not fit numeric(18,3) (at most 15 digits before the point)'],
    [{ connectorId: 2147483648 }, 'billing_sessions.connector_id', '2147483648 is outside int4 (-2147483648..2147483647)'],
    [{ chargingSeconds: 2 ** 31 }, 'billing_sessions.charging_seconds', '2147483648 is outside int4 (-2147483648..2147483647)'],
    [{ idTokenKey: 'A\u0000' }, 'billing_sessions.id_token_key', 'contains U+0000 (NUL), which PostgreSQL cannot store in text'],
    [{ anomalies: ['x\u0000'] }, 'billing_sessions.anomalies', 'contains U+0000 (NUL) at [0], which jsonb cannot store'],
  ])('a session state %p → ValueOutOfBounds(%s)', async (overrides, field, detail) => {
    const error = await failureOf(() => new BillingSessionRepository(dataSource).apply(state(overrides)));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field, detail });
  });

  it('a running cost with U+0000 inside → ValueOutOfBounds(billing_sessions.running_cost)', async () => {
    const error = await failureOf(() =>
      new BillingSessionRepository(dataSource).setRunningCost(state({}).sessionId, { tariff: { id: 't\u0000' } }),
    );
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field: 'billing_sessions.running_cost' });
  });

  const token = (overrides: Partial<TokenSnapshotRow>): TokenSnapshotRow => ({
    key: 'ISO14443:A',
    customerId: null,
    customerGroup: null,
    revision: 1,
    deleted: false,
    updatedAt: new Date(),
    ...overrides,
  });

  it.each([
    [{ key: 'ISO14443:\u0000' }, 'customer_tokens.key'],
    [{ customerGroup: 'g\u0000' }, 'customer_tokens.customer_group'],
    [{ revision: 1e20 }, 'customer_tokens.revision'],
  ])('a customers.tokens.v1 snapshot %p → ValueOutOfBounds(%s)', async (overrides, field) => {
    const error = await failureOf(() => new CustomerTokenRepository(dataSource).apply(token(overrides)));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field });
  });
});
