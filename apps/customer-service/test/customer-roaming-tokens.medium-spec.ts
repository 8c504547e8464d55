import { ocpiTokenContract, parseCustomerTokenSnapshot, type CustomerTokenSnapshot, type OcpiTokenEvent } from '@voltlane/contracts';
import { uniqueName } from '@voltlane/testing';
import { ServiceHarness, type FakeStation } from '@voltlane/testing/medium';
import { startCustomerService, type CustomerServiceHandle } from '../src';

const TNM = { countryCode: 'NL', partyId: 'TNM' };

/** An eMSP token as the ocpi-service publishes it on ocpi.tokens.v1. */
function ocpiToken(uid: string, overrides: Partial<OcpiTokenEvent> = {}): OcpiTokenEvent {
  return ocpiTokenContract.outgoing({
    ...TNM,
    uid,
    type: 'RFID',
    contractId: `NL-TNM-${uid}`,
    valid: true,
    whitelist: 'ALWAYS',
    lastUpdated: '2026-03-02T10:00:00.000Z',
    ...overrides,
  });
}

// The customer-service with roaming tokens arriving on ocpi.tokens.v1: they authorize like local ones.
describe('customer-service: roaming tokens from ocpi.tokens.v1 (medium)', () => {
  let harness: ServiceHarness<CustomerServiceHandle>;
  let cs16: FakeStation;
  let cs201: FakeStation;

  beforeAll(async () => {
    harness = await ServiceHarness.start({ start: startCustomerService, service: 'customer-service' });
    cs16 = await harness.connect(uniqueName('cs16'), 'ocpp1.6', { bootStatus: 'Accepted' });
    cs201 = await harness.connect(uniqueName('cs201'), 'ocpp2.0.1', { bootStatus: 'Accepted' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  async function push(event: OcpiTokenEvent): Promise<void> {
    await harness.publish('OcpiTokens', event.uid.toUpperCase(), event);
    await harness.settle();
  }

  async function authorize16(idTag: string): Promise<unknown> {
    const frame = await cs16.call('Authorize', { idTag });
    expect(frame[0]).toBe(3);
    return (frame[2] as { idTagInfo: unknown }).idTagInfo;
  }

  async function authorize201(idToken: string, type: string): Promise<unknown> {
    const frame = await cs201.call('Authorize', { idToken: { idToken, type } });
    expect(frame[0]).toBe(3);
    return (frame[2] as { idTokenInfo: unknown }).idTokenInfo;
  }

  function snapshots(key: string): CustomerTokenSnapshot[] {
    return harness
      .records('CustomerTokens')
      .filter((m) => m.key === key)
      .map((m) => parseCustomerTokenSnapshot(JSON.parse(m.value)));
  }

  it('accepts a pushed valid RFID card (whitelist ALWAYS) on 1.6 and 2.0.1, as a token of the eMSP party’s customer', async () => {
    await push(ocpiToken('04aa11bb22cc'));
    expect(await authorize16('04AA11BB22CC')).toEqual({ status: 'Accepted' });
    expect(await authorize201('04aa11bb22cc', 'ISO14443')).toEqual({ status: 'Accepted' });
    expect(await authorize201('04aa11bb22cc', 'Central')).toEqual({ status: 'Unknown' });

    const [snapshot] = snapshots('ISO14443:04AA11BB22CC');
    expect(snapshot).toMatchObject({ idToken: '04aa11bb22cc', type: 'ISO14443', status: 'Accepted', deleted: false });
    const customer = await harness.service.tokens.getCustomer(snapshot.customerId ?? '');
    expect(customer).toMatchObject({ name: 'OCPI NL*TNM' });
  });

  it.each(['ALLOWED', 'ALLOWED_OFFLINE'] as const)('accepts a valid token whitelisted %s', async (whitelist) => {
    const uid = `card-${whitelist}`;
    await push(ocpiToken(uid, { whitelist }));
    expect(await authorize16(uid)).toEqual({ status: 'Accepted' });
  });

  it('blocks a token the eMSP invalidated, and accepts it again when it is valid again', async () => {
    await push(ocpiToken('card-77'));
    expect(await authorize16('card-77')).toEqual({ status: 'Accepted' });
    await push(ocpiToken('card-77', { valid: false, lastUpdated: '2026-03-02T11:00:00.000Z' }));
    expect(await authorize16('card-77')).toEqual({ status: 'Blocked' });
    expect(await authorize201('card-77', 'ISO14443')).toEqual({ status: 'Blocked' });
    await push(ocpiToken('card-77', { lastUpdated: '2026-03-02T12:00:00.000Z' }));
    expect(await authorize16('card-77')).toEqual({ status: 'Accepted' });
    expect(snapshots('ISO14443:CARD-77').map((s) => s.status)).toEqual(['Accepted', 'Blocked', 'Accepted']);
  });

  it('refuses a token the CPO may never whitelist (NEVER: real-time authorization is not done locally)', async () => {
    await push(ocpiToken('rt-only-1', { whitelist: 'NEVER' }));
    expect(await authorize16('rt-only-1')).toEqual({ status: 'Invalid' });
    expect(await authorize201('rt-only-1', 'ISO14443')).toEqual({ status: 'Invalid' });
  });

  it('accepts an app token that is not whitelisted while the eMSP’s command authorizes it (2.x: Central)', async () => {
    const until = new Date(Date.now() + 15 * 60_000).toISOString();
    await push(ocpiToken('app-user-9', { type: 'APP_USER', whitelist: 'NEVER', authorizedUntil: until }));
    expect(await authorize201('app-user-9', 'Central')).toEqual({ status: 'Accepted', cacheExpiryDateTime: until });
    expect(await authorize16('app-user-9')).toEqual({ status: 'Accepted', expiryDate: until });
  });

  it('changes nothing for a re-delivered record', async () => {
    const event = ocpiToken('card-redelivered');
    await push(event);
    await push(event);
    expect(snapshots('ISO14443:CARD-REDELIVERED')).toHaveLength(1);
  });

  it('never changes a local token with the same key', async () => {
    const local = await harness.service.tokens.createCustomer({ name: 'Local Fleet' });
    await harness.service.tokens.createToken({ idToken: 'LOCAL-1', type: 'ISO14443', customerId: local.id });
    await push(ocpiToken('local-1', { valid: false }));
    expect(await authorize16('LOCAL-1')).toEqual({ status: 'Accepted' });
    expect(snapshots('ISO14443:LOCAL-1').map((s) => [s.status, s.customerId])).toEqual([['Accepted', local.id]]);
  });

  it('parks a record that breaks the contract', async () => {
    await harness.publish('OcpiTokens', 'BAD', { ...ocpiToken('bad'), whitelist: 'SOMETIMES' });
    await harness.settle();
    expect(await authorize16('bad')).toEqual({ status: 'Invalid' });
    const { items } = await harness.service.deadLetters.list({ status: 'open', limit: 100, offset: 0 });
    expect(items.filter((letter) => letter.key === 'BAD').map((letter) => [letter.stage, letter.code])).toEqual([
      ['ocpi-tokens', 'ContractViolation'],
    ]);
  });
});
