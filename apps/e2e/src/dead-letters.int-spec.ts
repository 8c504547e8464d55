import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

const boot16 = { chargePointVendor: 'E2E', chargePointModel: 'DeadLetters' };

/**
 * "At once": answered by the service on the record's first delivery, not held. Were the bad value
 * taken for a transient failure, it would fail on every attempt: retried in place (5 attempts,
 * jittered back-off of up to 100 + 200 + 400 + 800 ms, failure-policy.ts), then re-delivered by
 * Kafka again and again (an observer's record), holding the CALLs behind it on its partition
 * until the gateway's reply timeout answers them, 10 s on this stack (GATEWAY_CALL_REPLY_TIMEOUT_MS
 * in StackHarness). A normal round trip (gateway, Kafka, service, Redis) takes well under a second,
 * even on a loaded CI machine whose event loops stall for hundreds of ms. Half the reply timeout
 * leaves a wide margin on both sides.
 */
const ANSWERED_AT_ONCE_MS = 5_000;

/**
 * Issue #14's repro on the distributed stack (Kafka, Redis, PostgreSQL): a frame with a value no
 * column can hold is answered definitively at once, parked as a dead letter that the operator API
 * lists and re-drives, and never holds back another station.
 */
describe('dead letters (e2e, Kafka)', () => {
  let harness: StackHarness;

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering'],
      api: true,
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept' },
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  async function booted(protocol: 'ocpp1.6' | 'ocpp2.0.1'): Promise<{ id: string; station: TestStation }> {
    const id = uniqueName('dl');
    const station = await harness.connect(id, protocol);
    const payload = protocol === 'ocpp1.6' ? boot16 : { reason: 'PowerUp', chargingStation: { vendorName: 'E2E', model: 'DeadLetters' } };
    expect((await station.call('BootNotification', payload))[2]).toMatchObject({ status: 'Accepted' });
    return { id, station };
  }

  async function meterValuesAnsweredWithin(station: TestStation, ms: number): Promise<void> {
    const started = Date.now();
    const answer = await station.call('MeterValues', {
      connectorId: 1,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '100' }] }],
    });
    expect(answer[0]).toBe(3);
    expect(Date.now() - started).toBeLessThan(ms);
  }

  it('answers StartTransaction connectorId 2147483648 at once, keeps metering others, and lists the dead letter with its reason', async () => {
    const bad = await booted('ocpp1.6');
    const good = await booted('ocpp1.6');
    const started = Date.now();
    const answer = await bad.station.call('StartTransaction', {
      connectorId: 2147483648,
      idTag: 'A',
      meterStart: 5,
      timestamp: new Date().toISOString(),
    });
    expect(answer[0]).toBe(3);
    expect(answer[2]).toMatchObject({ idTagInfo: { status: 'Invalid' } });
    expect(Date.now() - started).toBeLessThan(ANSWERED_AT_ONCE_MS);
    for (let i = 0; i < 5; i++) await meterValuesAnsweredWithin(good.station, ANSWERED_AT_ONCE_MS);

    let letters: {
      items: {
        groupId: string;
        stage: string;
        code: string;
        reason: string;
        action: string;
        messageId: string;
        status: string;
        id: string;
      }[];
    } = { items: [] };
    await waitFor(
      async () => {
        letters = (await harness.api.request('GET', `/api/v1/dead-letters?stationId=${bad.id}`)).body;
        return letters.items.length >= 2;
      },
      { message: 'dead letters of the session and metering services' },
    );
    for (const letter of letters.items) {
      expect(letter).toMatchObject({ action: 'StartTransaction', messageId: answer[1], code: 'ValueOutOfBounds', status: 'open' });
      expect(letter.reason).toMatch(/2147483648/);
    }
    // The session-service answered it, the metering-service observed it: each parked its own part.
    expect(new Set(letters.items.map((l) => l.groupId)).size).toBeGreaterThanOrEqual(2);
    expect(letters.items.map((l) => l.stage)).toContain('handler:StartTransaction');
    expect(letters.items.some((l) => l.stage.startsWith('observer:'))).toBe(true);

    // Re-driven, it fails again the same way: the same letter reopens, and no answer reaches the station.
    const letter = letters.items.find((l) => l.stage === 'handler:StartTransaction') as (typeof letters.items)[number];
    const redriven = await harness.api.request('POST', `/api/v1/dead-letters/${letter.id}/redrive`);
    expect(redriven.status).toBe(202);
    expect(redriven.body).toMatchObject({ id: letter.id, status: 'redriven', redriveCount: 1 });
    await waitFor(async () => (await harness.api.request('GET', `/api/v1/dead-letters/${letter.id}`)).body.occurrences === 2, {
      message: 'the re-driven record failing again on its letter',
    });
    const reopened = (await harness.api.request('GET', `/api/v1/dead-letters/${letter.id}`)).body;
    expect(reopened).toMatchObject({ status: 'open', occurrences: 2 });
    const others = (await harness.api.request('GET', `/api/v1/dead-letters?stationId=${bad.id}`)).body;
    expect(others.total).toBe(letters.items.length);
    expect(bad.station.frames.filter((f) => f[1] === answer[1])).toEqual([]);
  });

  it('answers 2.0.1 TransactionEvent with evse.id 2147483648 definitively and parks it', async () => {
    const bad = await booted('ocpp2.0.1');
    const answer = await bad.station.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: new Date().toISOString(),
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId: uniqueName('tx') },
      evse: { id: 2147483648, connectorId: 1 },
      idToken: { idToken: 'A', type: 'ISO14443' },
    });
    expect(answer[0]).toBe(3);
    expect(answer[2]).toMatchObject({ idTokenInfo: { status: 'Invalid' } });
    await waitFor(
      async () =>
        (await harness.api.request('GET', `/api/v1/dead-letters?stationId=${bad.id}&action=TransactionEvent&code=ValueOutOfBounds`)).body
          .total >= 1,
      { message: 'TransactionEvent dead letter' },
    );
  });

  it('refuses bad filters and unknown letters with 4xx problems', async () => {
    expect((await harness.api.request('GET', '/api/v1/dead-letters?status=broken')).status).toBe(400);
    expect((await harness.api.request('GET', '/api/v1/dead-letters?limit=100000')).status).toBe(400);
    expect((await harness.api.request('GET', '/api/v1/dead-letters/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await harness.api.request('POST', '/api/v1/dead-letters/nope/redrive')).status).toBe(404);
    expect(
      (
        await harness.api.request(
          'POST',
          `/api/v1/dead-letters/00000000-0000-0000-0000-000000000000/redrive`,
          undefined,
          harness.api.keys.read,
        )
      ).status,
    ).toBe(403);
  });
});
