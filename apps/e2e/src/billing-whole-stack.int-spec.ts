import { parseBillingCdr, type BillingCdr } from '@voltlane/contracts';
import type { CustomerServiceHandle } from '@voltlane/customer-service';
import type { SessionServiceHandle } from '@voltlane/session-service';
import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

/**
 * Sessions run by real stations through the gateway, Kafka and the session-service reach the
 * billing-service; a consumer of billing.cdrs.v1 gets exactly one CDR per session with the
 * expected cost — also when the billing-service is down while a session ends and restarts.
 * Default tariff: 0.35 EUR/kWh, 19 % tax, rounded HALF_UP per line.
 */
describe('billing across the whole stack', () => {
  let harness: StackHarness;
  const TAG = 'BILL-0001';

  beforeAll(async () => {
    harness = await StackHarness.start({ services: ['customer', 'session', 'billing'] });
    const tokens = (harness.service('customer') as CustomerServiceHandle).tokens;
    const customer = await tokens.createCustomer({ name: 'Billing Co' });
    const token = await tokens.createToken({ idToken: TAG, type: 'ISO14443', customerId: customer.id });
    await waitFor(async () => (await (harness.service('session') as SessionServiceHandle).tokens.find(token.key)) !== null, {
      timeoutMs: 20_000,
    });
  });
  afterAll(() => harness?.stop());

  async function runSession(station: TestStation, connectorId: number, meterStart: number, meterStop: number): Promise<number> {
    const started = await station.call('StartTransaction', {
      connectorId,
      idTag: TAG,
      meterStart,
      timestamp: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const { transactionId } = started[2] as { transactionId: number };
    const stopped = await station.call('StopTransaction', {
      transactionId,
      meterStop,
      timestamp: new Date().toISOString(),
      reason: 'Local',
    });
    expect(stopped[0]).toBe(3);
    return transactionId;
  }

  function cdrs(): BillingCdr[] {
    return harness.records('BillingCdrs').map((m) => parseBillingCdr(JSON.parse(m.value)));
  }

  it('publishes exactly one CDR per session with the expected cost, also after a billing-service restart', async () => {
    const station = await harness.connect(uniqueName('cs'), 'ocpp1.6', { bootStatus: 'Accepted' });
    const sessions = harness.service('session') as SessionServiceHandle;
    const expected = new Map<number, { energyWh: number; excl: string; incl: string }>();

    const first = await runSession(station, 1, 100_000, 110_000); // 10 kWh: 3.50 + 0.665 → 0.67 tax = 4.17
    expected.set(first, { energyWh: 10_000, excl: '3.50', incl: '4.17' });
    await waitFor(() => cdrs().length >= 1, { timeoutMs: 20_000, message: 'first CDR' });

    // The billing-service is down while the next session ends, and comes back.
    await harness.stopService('billing');
    const second = await runSession(station, 1, 110_000, 132_345); // 22.345 kWh: 7.82075 → 7.82; tax 1.4858 → 1.49; 9.31
    expected.set(second, { energyWh: 22_345, excl: '7.82', incl: '9.31' });
    await harness.restartService('billing');
    const third = await runSession(station, 2, 5_000, 6_001); // 1.001 kWh: 0.35035 → 0.35; tax 0.0665 → 0.07; 0.42
    expected.set(third, { energyWh: 1_001, excl: '0.35', incl: '0.42' });

    const sessionIds = new Map<string, number>();
    for (const transactionId of expected.keys()) {
      await waitFor(async () => (await sessions.sessions.findByTransaction(harnessStationId(station), transactionId)) !== null);
      const session = await sessions.sessions.findByTransaction(harnessStationId(station), transactionId);
      sessionIds.set(session?.id as string, transactionId);
    }
    await waitFor(() => new Set(cdrs().map((c) => c.sessionId)).size === 3, { timeoutMs: 30_000, message: 'three CDRs' });
    // Give late duplicates a chance to show up, then check: one CDR id per session, re-publications identical.
    await new Promise((r) => setTimeout(r, 1_000));
    const all = cdrs();
    const byCdrId = new Map<string, BillingCdr>();
    for (const cdr of all) {
      const seen = byCdrId.get(cdr.cdrId);
      if (seen) expect(cdr).toEqual(seen);
      byCdrId.set(cdr.cdrId, cdr);
    }
    expect(byCdrId.size).toBe(3);
    for (const cdr of byCdrId.values()) {
      const transactionId = sessionIds.get(cdr.sessionId) as number;
      const want = expected.get(transactionId);
      expect(want).toBeDefined();
      expect(cdr).toMatchObject({
        transactionRef: String(transactionId),
        energyWh: want?.energyWh,
        currency: 'EUR',
        totalExclTax: { amount: want?.excl, currency: 'EUR' },
        totalInclTax: { amount: want?.incl, currency: 'EUR' },
        anomalous: false,
      });
      expect(cdr.customerId).toBeTruthy();
    }
  });
});

function harnessStationId(station: TestStation): string {
  return decodeURIComponent(new URL(station.socket.url).pathname.split('/').pop() as string);
}
