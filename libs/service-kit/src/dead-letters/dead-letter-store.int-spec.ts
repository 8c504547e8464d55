import { Client } from 'pg';
import { InMemoryBus, type BusMessage } from '@voltlane/messaging';
import { infraEnv, uniqueName } from '@voltlane/testing';
import { RedriveHeader } from '../consuming/dead-letter';
import { DeadLetterStore } from './dead-letter-store';

function aRecord(overrides: Partial<BusMessage> = {}): BusMessage {
  return {
    topic: 'ocpp.inbound.v1',
    partition: 2,
    offset: '41',
    key: 'CP-1',
    value: '[2,"m1","StartTransaction",{"connectorId":2147483648,"idTag":"A\\u0000B"}]',
    headers: { 'ocpp-action': 'StartTransaction' },
    timestamp: '0',
    ...overrides,
  };
}

describe('DeadLetterStore (PostgreSQL)', () => {
  const { databaseUrl } = infraEnv();
  const schema = uniqueName('ops');
  const bus = new InMemoryBus();
  const published: BusMessage[] = [];
  let store: DeadLetterStore;

  beforeAll(async () => {
    store = await DeadLetterStore.open(databaseUrl, bus, schema);
    await bus.subscribe({ groupId: 'spy', topics: ['ocpp.inbound.v1'] }, async (m) => void published.push(m));
  });
  afterAll(async () => {
    await store.close();
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('keeps a failed record once with its reason, counting repeats, and NUL characters as escapes', async () => {
    const input = {
      groupId: 'metering-service',
      stage: 'observer:Start',
      message: aRecord(),
      code: 'ValueOutOfBounds',
      reason: 'connector_id 2147483648 is outside int4 \u0000',
      stationId: 'CP-1',
      action: 'StartTransaction',
      messageId: 'm1',
    };
    await store.record(input);
    await store.record(input);
    const { items, total } = await store.list({ stationId: 'CP-1', limit: 10, offset: 0 });
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({
      groupId: 'metering-service',
      stage: 'observer:Start',
      topic: 'ocpp.inbound.v1',
      partition: 2,
      offset: '41',
      key: 'CP-1',
      action: 'StartTransaction',
      messageId: 'm1',
      code: 'ValueOutOfBounds',
      reason: 'connector_id 2147483648 is outside int4 \\u0000',
      payload: aRecord().value,
      headers: { 'ocpp-action': 'StartTransaction' },
      status: 'open',
      occurrences: 2,
      redriveCount: 0,
    });
    expect(store.recorded.get('metering-service\u0001ValueOutOfBounds')?.count).toBe(2);
  });

  it('filters by group, action, code and status, newest first, with pages', async () => {
    for (let i = 0; i < 3; i++)
      await store.record({
        groupId: 'billing-service',
        stage: 'sessions',
        message: aRecord({ topic: 'sessions.lifecycle.v1', offset: String(i), key: 's' }),
        code: 'ContractViolation',
        reason: `bad ${i}`,
      });
    const page = await store.list({ groupId: 'billing-service', code: 'ContractViolation', status: 'open', limit: 2, offset: 0 });
    expect(page.total).toBe(3);
    expect(page.items.map((l) => l.reason)).toEqual(['bad 2', 'bad 1']);
    expect((await store.list({ groupId: 'billing-service', limit: 2, offset: 2 })).items.map((l) => l.reason)).toEqual(['bad 0']);
    expect((await store.list({ action: 'StartTransaction', limit: 10, offset: 0 })).total).toBe(1);
    expect((await store.list({ status: 'discarded', limit: 10, offset: 0 })).total).toBe(0);
  });

  it('re-drives a letter to the group that failed it, and reopens that letter when it fails again', async () => {
    const [letter] = (await store.list({ stationId: 'CP-1', limit: 1, offset: 0 })).items;
    const redriven = await store.redrive(letter.id);
    expect(redriven).toMatchObject({ id: letter.id, status: 'redriven', redriveCount: 1 });
    await bus.drain();
    const again = published.at(-1) as BusMessage;
    expect(again).toMatchObject({ topic: 'ocpp.inbound.v1', key: 'CP-1', value: aRecord().value });
    expect(again.headers).toMatchObject({
      'ocpp-action': 'StartTransaction',
      [RedriveHeader.Group]: 'metering-service',
      [RedriveHeader.DeadLetterId]: letter.id,
    });

    await store.record({
      groupId: 'metering-service',
      stage: 'observer:Start',
      message: again,
      code: 'ValueOutOfBounds',
      reason: 'still out of range',
    });
    const reopened = await store.get(letter.id);
    expect(reopened).toMatchObject({ status: 'open', occurrences: 3, reason: 'still out of range', redriveCount: 1 });
    expect((await store.list({ stationId: 'CP-1', limit: 10, offset: 0 })).total).toBe(1);
  });

  it('stores a letter anew when a re-driven record names a letter that no longer exists', async () => {
    const orphan = aRecord({
      offset: '99',
      key: 'CP-9',
      headers: { [RedriveHeader.DeadLetterId]: '00000000-0000-0000-0000-000000000009', [RedriveHeader.Group]: 'g' },
    });
    await store.record({ groupId: 'g', stage: 's', message: orphan, code: 'Bug', reason: 'r' });
    const { items } = await store.list({ groupId: 'g', limit: 10, offset: 0 });
    expect(items).toEqual([expect.objectContaining({ key: 'CP-9', offset: '99', status: 'open', occurrences: 1, headers: {} })]);
  });

  it('discards, and answers null for unknown or malformed ids', async () => {
    const [letter] = (await store.list({ groupId: 'billing-service', limit: 1, offset: 0 })).items;
    expect(await store.discard(letter.id)).toMatchObject({ status: 'discarded' });
    expect(await store.get('00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(await store.get('not-a-uuid')).toBeNull();
    expect(await store.redrive('not-a-uuid')).toBeNull();
    expect(await store.discard("x'; DROP TABLE dead_letters; --")).toBeNull();
  });
});
