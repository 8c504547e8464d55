import { randomUUID } from 'node:crypto';
import {
  parseCustomerTokenSnapshot,
  parseSessionLifecycleEvent,
  type CustomerTokenSnapshot,
  type SessionLifecycleType,
} from '@voltlane/contracts';
import { uniqueName } from '@voltlane/testing';
import { ServiceHarness, type FakeStation } from '@voltlane/testing/medium';
import { startCustomerService, type CustomerServiceHandle, type TokenService } from '../src';

const FUTURE = '2099-01-01T00:00:00.000Z';
const PAST = '2020-01-01T00:00:00.000Z';
const GROUP = { idToken: 'FLEET-7', type: 'Central' };

// The customer-service alone on the in-process ports and its own PostgreSQL schema.
describe('customer-service: Authorize and token events (medium)', () => {
  let harness: ServiceHarness<CustomerServiceHandle>;
  let tokens: TokenService;
  let customerId: string;

  beforeAll(async () => {
    harness = await ServiceHarness.start({ start: startCustomerService, service: 'customer-service' });
    tokens = harness.service.tokens;
    customerId = (await tokens.createCustomer({ name: 'Fleet Co' })).id;
    await tokens.createToken({ idToken: 'AbCd1234', type: 'ISO14443', customerId, expiryDate: FUTURE, groupIdToken: GROUP });
    await tokens.createToken({ idToken: 'BLOCKED-1', customerId });
    await tokens.blockToken({ idToken: 'blocked-1', type: 'ISO14443' });
    await tokens.createToken({ idToken: 'EXPIRED-1', customerId, expiryDate: PAST });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  function snapshots(key: string): CustomerTokenSnapshot[] {
    return harness
      .records('CustomerTokens')
      .filter((m) => m.key === key)
      .map((m) => parseCustomerTokenSnapshot(JSON.parse(m.value)));
  }

  async function answer(station: FakeStation, payload: unknown): Promise<unknown> {
    const frame = await station.call('Authorize', payload);
    expect(frame[0]).toBe(3);
    return frame[2];
  }

  describe('OCPP 1.6', () => {
    let station: FakeStation;
    beforeAll(async () => {
      station = await harness.connect(uniqueName('cs16'), 'ocpp1.6', { bootStatus: 'Accepted' });
    });

    it('accepts a known idTag with its expiry and parent, matching case-insensitively', async () => {
      const expected = { idTagInfo: { status: 'Accepted', expiryDate: FUTURE, parentIdTag: 'FLEET-7' } };
      expect(await answer(station, { idTag: 'AbCd1234' })).toEqual(expected);
      expect(await answer(station, { idTag: 'abcd1234' })).toEqual(expected);
      expect(await answer(station, { idTag: 'ABCD1234' })).toEqual(expected);
    });

    it('answers Invalid for an unknown idTag', async () => {
      expect(await answer(station, { idTag: 'NO-SUCH-TAG' })).toEqual({ idTagInfo: { status: 'Invalid' } });
    });

    it('answers Blocked for a blocked idTag and Expired for one past its expiry', async () => {
      expect(await answer(station, { idTag: 'blocked-1' })).toEqual({ idTagInfo: { status: 'Blocked' } });
      expect(await answer(station, { idTag: 'EXPIRED-1' })).toEqual({ idTagInfo: { status: 'Expired', expiryDate: PAST } });
    });
  });

  describe('OCPP 2.0.1', () => {
    let station: FakeStation;
    beforeAll(async () => {
      station = await harness.connect(uniqueName('cs201'), 'ocpp2.0.1', { bootStatus: 'Accepted' });
    });

    it('accepts a known idToken with cacheExpiryDateTime and groupIdToken', async () => {
      expect(await answer(station, { idToken: { idToken: 'AbCd1234', type: 'ISO14443' } })).toEqual({
        idTokenInfo: { status: 'Accepted', cacheExpiryDateTime: FUTURE, groupIdToken: GROUP },
      });
    });

    it('answers Unknown for an unknown value and for a known value of another type', async () => {
      expect(await answer(station, { idToken: { idToken: 'NO-SUCH-TAG', type: 'ISO14443' } })).toEqual({
        idTokenInfo: { status: 'Unknown' },
      });
      expect(await answer(station, { idToken: { idToken: 'AbCd1234', type: 'KeyCode' } })).toEqual({ idTokenInfo: { status: 'Unknown' } });
    });

    it('accepts NoAuthorization without a stored token', async () => {
      expect(await answer(station, { idToken: { idToken: '', type: 'NoAuthorization' } })).toEqual({ idTokenInfo: { status: 'Accepted' } });
    });

    it('answers Blocked and Expired', async () => {
      expect(await answer(station, { idToken: { idToken: 'BLOCKED-1', type: 'ISO14443' } })).toEqual({
        idTokenInfo: { status: 'Blocked' },
      });
      expect(await answer(station, { idToken: { idToken: 'EXPIRED-1', type: 'ISO14443' } })).toEqual({
        idTokenInfo: { status: 'Expired', cacheExpiryDateTime: PAST },
      });
    });
  });

  describe('customers.tokens.v1', () => {
    it('published every change of a token as a full snapshot keyed by the token key', async () => {
      await harness.waitForRecord('CustomerTokens', (m) => m.key === 'ISO14443:BLOCKED-1' && m.value.includes('"Blocked"'));
      const history = snapshots('ISO14443:BLOCKED-1');
      expect(history.map((s) => s.status)).toEqual(['Accepted', 'Blocked']);
      expect(history[1]).toMatchObject({
        key: 'ISO14443:BLOCKED-1',
        idTagKey: 'BLOCKED-1',
        idToken: 'BLOCKED-1',
        type: 'ISO14443',
        customerId,
        deleted: false,
      });
      expect(history[1].revision).toBeGreaterThan(history[0].revision);

      const accepted = await harness.waitForRecord('CustomerTokens', (m) => m.key === 'ISO14443:ABCD1234');
      expect(parseCustomerTokenSnapshot(JSON.parse(accepted.value))).toMatchObject({
        idToken: 'AbCd1234',
        status: 'Accepted',
        expiryDate: FUTURE,
        groupIdToken: GROUP,
        deleted: false,
      });
    });

    it('stores, updates and deletes a token, publishing each state; a deleted token is refused', async () => {
      const ref = { idToken: 'Temp-Card-9', type: 'ISO14443' };
      await tokens.createToken({ ...ref, customerId, maxActiveSessions: 1 });
      await tokens.updateToken(ref, { expiryDate: FUTURE });
      const rows: { key: string; id_token: string; max_active_sessions: number; expiry_date: Date }[] =
        await harness.service.dataSource.query(`SELECT key, id_token, max_active_sessions, expiry_date FROM id_tokens WHERE key = $1`, [
          'ISO14443:TEMP-CARD-9',
        ]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id_token: 'Temp-Card-9', max_active_sessions: 1 });
      expect(rows[0].expiry_date.toISOString()).toBe(FUTURE);

      await tokens.deleteToken({ idToken: 'TEMP-CARD-9', type: 'ISO14443' });
      await harness.waitForRecord('CustomerTokens', (m) => m.key === 'ISO14443:TEMP-CARD-9' && m.value.includes('"deleted":true'));
      const history = snapshots('ISO14443:TEMP-CARD-9');
      expect(history.map((s) => [s.deleted, s.expiryDate ?? null, s.maxActiveSessions])).toEqual([
        [false, null, 1],
        [false, FUTURE, 1],
        [true, FUTURE, 1],
      ]);
      expect(await tokens.getToken(ref)).toBeNull();

      const station = await harness.connect(uniqueName('cs16del'), 'ocpp1.6', { bootStatus: 'Accepted' });
      expect(await answer(station, { idTag: 'Temp-Card-9' })).toEqual({ idTagInfo: { status: 'Invalid' } });
    });
  });

  describe('ConcurrentTx from sessions.lifecycle.v1', () => {
    it('refuses a token already in its maximum of sessions until the session ends', async () => {
      await tokens.createToken({ idToken: 'SOLO-1', customerId, maxActiveSessions: 1 });
      const sessionId = randomUUID();
      const publish = (type: SessionLifecycleType): Promise<void> => {
        const event = parseSessionLifecycleEvent({
          type,
          eventId: `${sessionId}:${type}`,
          sessionId,
          stationId: 'cs-solo',
          protocol: 'ocpp2.0.1',
          transactionRef: 'tx-solo-1',
          idTokenKey: 'ISO14443:SOLO-1',
          startedAt: new Date().toISOString(),
          meterStartWh: 0,
          energyWh: 0,
          chargingSeconds: 0,
          idleSeconds: 0,
          anomalies: [],
          occurredAt: new Date().toISOString(),
        });
        return harness.publish('SessionLifecycle', event.stationId, event);
      };
      const station16 = await harness.connect(uniqueName('cs16tx'), 'ocpp1.6', { bootStatus: 'Accepted' });
      const station201 = await harness.connect(uniqueName('cs201tx'), 'ocpp2.0.1', { bootStatus: 'Accepted' });
      expect(await answer(station16, { idTag: 'solo-1' })).toEqual({ idTagInfo: { status: 'Accepted' } });

      // Once the bus has handed the event to the service's consumer, the next Authorize sees it.
      await publish('Started');
      await harness.settle();
      expect(await answer(station16, { idTag: 'solo-1' })).toEqual({ idTagInfo: { status: 'ConcurrentTx' } });
      expect(await answer(station201, { idToken: { idToken: 'SOLO-1', type: 'ISO14443' } })).toEqual({
        idTokenInfo: { status: 'ConcurrentTx' },
      });

      await publish('Ended');
      await harness.settle();
      expect(await answer(station16, { idTag: 'SOLO-1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
      const rows = await harness.query<{ ended: boolean; token_key: string }>(
        `SELECT ended, token_key FROM session_tokens WHERE session_id = $1`,
        [sessionId],
      );
      expect(rows).toEqual([{ ended: true, token_key: 'ISO14443:SOLO-1' }]);
    });
  });
});
