// The durable outbox and its sender against real HTTP: receiving partners are node:http servers
// that fail like a platform that is down (503, an OCPI error, connection refused) and come back.
// Every push gets there later, once, in order per object; a restart of the service loses nothing.
import { waitFor } from '@voltlane/testing';
import type { PushRequest } from '../src/application/push-outbox';
import { PushSender, type DeliveredPush } from '../src/application/push/push-sender';
import { OcpiTestApi } from './ocpi-test-api';
import { insertPartner, PushReceiver, type ReceivedPush } from './push-receiver';

let api: OcpiTestApi;
const receivers: PushReceiver[] = [];

beforeAll(async () => {
  api = await OcpiTestApi.start({ OCPI_SERVICE_RETRY_MAX_MS: '300', OCPI_SERVICE_REQUEST_TIMEOUT_MS: '3000' });
});

afterAll(async () => {
  await api?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(mode: 'ok' | 'unavailable' | 'refuse' = 'ok'): Promise<PushReceiver> {
  const started = await PushReceiver.start(mode);
  receivers.push(started);
  return started;
}

const partnerOf = (r: PushReceiver, modules?: string[]) =>
  insertPartner((sql, params) => api.harness.query(sql, params), r, modules ? { modules } : {});

/** A PUT of object `object`, number `seq` in its order. */
const put = (partnerId: string, object: string, seq: number): PushRequest => ({
  partnerId,
  module: 'locations',
  objectKey: `location:${object}`,
  method: 'PUT',
  path: `/NL/VLT/${object}`,
  to: { countryCode: 'DE', partyId: 'EMS' },
  body: { object, seq },
});

/** A push as the operator API lists it (the fields these specs read). */
interface PushItem {
  pushId: number;
  objectKey: string;
  state: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  response: { location?: string } | null;
}

const pushes = async (query: string): Promise<{ total: number; items: PushItem[] }> =>
  (await api.call('GET', `/pushes?${query}`, undefined, 'read')).body as { total: number; items: PushItem[] };

/** The seq numbers an object's accepted pushes carried, in the order the receiver took them. */
const sequence = (accepted: readonly ReceivedPush[], object: string) =>
  accepted.filter((r) => r.path.endsWith(`/${object}`)).map((r) => r.body.seq as number);

async function backlogEmpty(partnerId: string): Promise<void> {
  await waitFor(async () => (await pushes(`partnerId=${partnerId}&pending=true`)).total === 0, {
    timeoutMs: 20_000,
    message: 'backlog empty',
  });
}

describe('a partner that is down for a while', () => {
  it('gets every push later, once, in order per object (503, then connection refused)', async () => {
    const emsp = await receiver('unavailable');
    const { partnerId } = await partnerOf(emsp);
    await api.service.push.outbox.enqueue([1, 2, 3].flatMap((seq) => [put(partnerId, 'A', seq), put(partnerId, 'B', seq)]));

    // 503: the heads fail again and again; the later pushes of each object wait behind them.
    await waitFor(async () => (await pushes(`partnerId=${partnerId}&pending=true`)).items.some((p: PushItem) => p.attempts >= 3), {
      message: 'heads retried',
    });
    const waiting = await pushes(`partnerId=${partnerId}&pending=true`);
    expect(waiting.total).toBe(6);
    const heads = waiting.items.filter((p: PushItem) => p.attempts > 0);
    expect(heads.map((p: PushItem) => p.objectKey).sort()).toEqual(['location:A', 'location:B']);
    expect(heads[0]).toEqual(
      expect.objectContaining({
        state: 'pending',
        method: 'PUT',
        module: 'locations',
        lastError: expect.stringContaining('HTTP 503'),
        response: { httpStatus: 503 },
      }),
    );
    expect(waiting.items.filter((p: PushItem) => p.attempts === 0)).toHaveLength(4);
    expect(emsp.accepted()).toHaveLength(0);
    const refused503 = emsp.received.length;
    expect(refused503).toBeGreaterThanOrEqual(4);

    // Connection refused; more changes meanwhile.
    await emsp.close();
    await waitFor(
      async () => (await pushes(`partnerId=${partnerId}&pending=true`)).items.some((p: PushItem) => /ECONNREFUSED/.test(p.lastError ?? '')),
      { message: 'connection refused recorded' },
    );
    await api.service.push.outbox.enqueue([put(partnerId, 'A', 4), put(partnerId, 'B', 4)]);
    const backlog = (await api.call('GET', `/pushes/backlog?partnerId=${partnerId}`, undefined, 'read')).body;
    expect(backlog.partners).toEqual([
      expect.objectContaining({
        partnerId,
        pending: 8,
        failing: 2,
        lastError: expect.stringMatching(/ECONNREFUSED/),
        nextAttemptAt: expect.any(String),
      }),
    ]);

    // Back: everything, once, in order per object.
    emsp.mode = 'ok';
    await emsp.open();
    await emsp.waitForAccepted(8);
    await backlogEmpty(partnerId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const accepted = emsp.accepted();
    expect(accepted).toHaveLength(8);
    expect(sequence(accepted, 'A')).toEqual([1, 2, 3, 4]);
    expect(sequence(accepted, 'B')).toEqual([1, 2, 3, 4]);
    expect(accepted[0]).toEqual(expect.objectContaining({ method: 'PUT', token: emsp.token }));
    expect(accepted[0]?.headers).toEqual(
      expect.objectContaining({
        'ocpi-to-country-code': 'DE',
        'ocpi-to-party-id': 'EMS',
        'ocpi-from-country-code': 'NL',
        'ocpi-from-party-id': 'VLT',
        'x-request-id': expect.any(String),
        'x-correlation-id': expect.any(String),
      }),
    );

    const sent = await pushes(`partnerId=${partnerId}&pending=false&limit=20`);
    expect(sent.total).toBe(8);
    expect(sent.items.every((p: PushItem) => p.state === 'sent' && p.nextAttemptAt === null && p.sentAt !== null)).toBe(true);
    const firstA = sent.items.find((p: PushItem) => p.objectKey === 'location:A' && p.attempts > 0);
    expect(firstA).toEqual(expect.objectContaining({ response: { httpStatus: 200, statusCode: 1000, statusMessage: 'OK' } }));
    expect(firstA?.attempts).toBeGreaterThanOrEqual(3);
  });
});

describe('answers and partners', () => {
  it('stores a POST’s Location answer, tells delivery listeners, and sends to an absolute url', async () => {
    const emsp = await receiver();
    const { partnerId } = await partnerOf(emsp);
    const delivered: DeliveredPush[] = [];
    api.service.push.onDelivered((d) => {
      if (d.push.partnerId === partnerId) delivered.push(d);
    });
    await api.service.push.outbox.enqueue([
      { partnerId, module: 'cdrs', objectKey: 'cdr:C1', method: 'POST', path: '', body: { id: 'C1' } },
      {
        partnerId,
        module: 'commands',
        objectKey: 'command:K1',
        method: 'POST',
        url: `${emsp.url}/ocpi/emsp/2.2.1/commands/START_SESSION/K1`,
        body: { result: 'ACCEPTED' },
      },
    ]);
    await emsp.waitForAccepted(2);
    await backlogEmpty(partnerId);
    expect(
      emsp
        .accepted()
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(['POST /ocpi/emsp/2.2.1/cdrs', 'POST /ocpi/emsp/2.2.1/commands/START_SESSION/K1']);
    const cdr = (await pushes(`partnerId=${partnerId}&objectKey=cdr:C1`)).items[0];
    expect(cdr?.response?.location).toMatch(new RegExp(`^${emsp.url}/ocpi/emsp/2.2.1/cdrs/[0-9a-f-]{36}$`));
    const one = await api.call('GET', `/pushes/${cdr.pushId}`, undefined, 'read');
    expect(one.body).toEqual(expect.objectContaining({ pushId: cdr.pushId, state: 'sent', body: { id: 'C1' }, path: '', url: null }));
    await waitFor(() => delivered.length === 2, { message: 'listeners told' });
    expect(delivered.find((d) => d.push.objectKey === 'cdr:C1')?.response.location).toBe(cdr?.response?.location);
  });

  it('drops the pushes of an unregistered partner, and those for a module it does not receive, with a note', async () => {
    const gone = await receiver();
    const { partnerId: goneId } = await partnerOf(gone);
    await api.harness.query(`UPDATE partners SET status = 'UNREGISTERED', outgoing_token = NULL WHERE partner_id = $1`, [goneId]);
    const partial = await receiver();
    const { partnerId: partialId } = await partnerOf(partial, ['locations']);
    await api.service.push.outbox.enqueue([
      put(goneId, 'X', 1),
      { partnerId: partialId, module: 'tariffs', objectKey: 'tariff:T', method: 'PUT', path: '/NL/VLT/T', body: {} },
      put(partialId, 'Y', 1),
    ]);
    await partial.waitForAccepted(1);
    await backlogEmpty(goneId);
    await backlogEmpty(partialId);
    expect((await pushes(`partnerId=${goneId}`)).items).toEqual([
      expect.objectContaining({
        state: 'dropped',
        lastError: 'partner unregistered: push dropped',
        response: { dropped: 'partner unregistered: push dropped' },
      }),
    ]);
    expect(gone.received).toHaveLength(0);
    const tariff = (await pushes(`partnerId=${partialId}&objectKey=tariff:T`)).items[0];
    expect(tariff).toEqual(
      expect.objectContaining({ state: 'dropped', lastError: 'partner has no tariffs RECEIVER endpoint: push dropped' }),
    );
    expect(partial.accepted().map((r) => r.path)).toEqual(['/ocpi/emsp/2.2.1/locations/NL/VLT/Y']);
  });

  it('keeps retrying a refusal (status 2001) that holds up its object until an operator drops it; retry makes pushes due now', async () => {
    const emsp = await receiver('refuse');
    const { partnerId } = await partnerOf(emsp);
    await api.service.push.outbox.enqueue([put(partnerId, 'R', 1), put(partnerId, 'R', 2)]);
    await waitFor(async () => (await pushes(`partnerId=${partnerId}&pending=true`)).items.some((p: PushItem) => p.attempts >= 2), {
      message: 'refusals',
    });
    const [head, next] = (await pushes(`partnerId=${partnerId}&pending=true`)).items;
    expect(head).toEqual(
      expect.objectContaining({ lastError: expect.stringContaining('HTTP 200, status_code 2001: Invalid or missing parameters') }),
    );
    expect(next.attempts).toBe(0);

    expect((await api.call('POST', `/pushes/${head.pushId}/drop`, { reason: 'they refuse it' }, 'read')).status).toBe(403);
    const dropped = await api.call('POST', `/pushes/${head.pushId}/drop`, { reason: 'they refuse it' });
    expect(dropped.body).toEqual(expect.objectContaining({ state: 'dropped', lastError: 'dropped by an operator: they refuse it' }));
    const again = await api.call('POST', `/pushes/${head.pushId}/drop`, { reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(expect.objectContaining({ code: 'PushClosed' }));
    expect((await api.call('POST', '/pushes/999999999/drop', { reason: 'x' })).status).toBe(404);
    expect((await api.call('GET', '/pushes/not-a-number', undefined, 'read')).status).toBe(404);
    expect((await api.call('POST', `/pushes/${next.pushId}/drop`, {})).body.detail).toContain('must have property "reason"');

    // The next push of the object goes once the partner takes it.
    emsp.mode = 'ok';
    await emsp.waitForAccepted(1);
    expect(emsp.accepted().map((r) => r.body.seq as number)).toEqual([2]);

    // A push at the end of a long back-off is cut short by retry.
    await api.harness.query(
      `INSERT INTO outbox (partner_id, object_key, module, method, path, body, attempts, next_attempt_at, last_error)
       VALUES ($1, 'location:R', 'locations', 'PUT', '/NL/VLT/R', '{"seq": 3}', 7, now() + interval '1 hour', 'HTTP 503')`,
      [partnerId],
    );
    expect((await api.call('POST', '/pushes/retry', { partnerId })).body).toEqual({ due: 1 });
    expect((await api.call('POST', '/pushes/retry', { partnerId: 'nope' })).status).toBe(400);
    await emsp.waitForAccepted(2);
    expect(emsp.accepted().map((r) => r.body.seq as number)).toEqual([2, 3]);
    expect((await api.call('GET', '/pushes?pending=maybe', undefined, 'read')).status).toBe(400);
  });

  it('has at most four requests in flight to one partner', async () => {
    const emsp = await receiver();
    emsp.delayMs = 100;
    const { partnerId } = await partnerOf(emsp);
    await api.service.push.outbox.enqueue(Array.from({ length: 16 }, (_, i) => put(partnerId, `F${i}`, 1)));
    await emsp.waitForAccepted(16);
    expect(emsp.maxInFlight).toBe(4);
  });

  it('two senders on the same outbox (replicas) never send the same push, and keep the order per object', async () => {
    const emsp = await receiver();
    const { partnerId } = await partnerOf(emsp);
    const service = api.service;
    const second = new PushSender(
      service.dataSource,
      service.registration.partners,
      service.registration.client,
      service.config.ocpi,
      api.harness.logger,
    );
    second.start();
    try {
      const objects = Array.from({ length: 15 }, (_, i) => `P${i}`);
      await service.push.outbox.enqueue([1, 2, 3].flatMap((seq) => objects.map((o) => put(partnerId, o, seq))));
      await emsp.waitForAccepted(45);
      await backlogEmpty(partnerId);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(emsp.accepted()).toHaveLength(45);
      for (const o of objects) expect(sequence(emsp.accepted(), o)).toEqual([1, 2, 3]);
    } finally {
      await second.stop();
    }
  });
});

describe('a restart', () => {
  it('loses nothing: pushes queued before the service stopped go out after it started again, once, in order', async () => {
    const emsp = await receiver();
    await emsp.close();
    const { partnerId } = await partnerOf(emsp);
    await api.service.push.outbox.enqueue([put(partnerId, 'S', 1), put(partnerId, 'S', 2), put(partnerId, 'T', 1), put(partnerId, 'S', 3)]);
    await waitFor(
      async () =>
        (await api.harness.query<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE partner_id = $1 AND attempts > 0`, [partnerId]))[0]
          ?.n === '2',
      {
        message: 'failed once',
      },
    );
    await api.harness.stopService();
    emsp.mode = 'ok';
    await emsp.open();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(emsp.received).toHaveLength(0);
    await api.harness.startService();
    await emsp.waitForAccepted(4);
    await waitFor(
      async () => (await api.harness.query(`SELECT 1 FROM outbox WHERE partner_id = $1 AND sent_at IS NULL`, [partnerId])).length === 0,
      {
        message: 'all sent',
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(emsp.accepted()).toHaveLength(4);
    expect(sequence(emsp.accepted(), 'S')).toEqual([1, 2, 3]);
    expect(sequence(emsp.accepted(), 'T')).toEqual([1]);
  });
});
