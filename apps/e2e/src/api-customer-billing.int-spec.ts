// The operator API of the customer-service and the billing-service on the real stack: HTTP with
// API keys, real WebSocket stations answering the local-list commands, Kafka between services.
import { randomUUID } from 'node:crypto';
import { parseSessionLifecycleEvent, type OcppCommandEvent, type SessionLifecycleEvent } from '@voltlane/contracts';
import { KafkaBatchPublisher, createKafka } from '@voltlane/messaging';
import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { answeredCommandEvent } from '@voltlane/testing/medium';
import { StackHarness } from './stack-harness';

jest.setTimeout(180_000);

describe('operator API: customer-service and billing-service', () => {
  let harness: StackHarness;
  let publisher: KafkaBatchPublisher;
  const api = (method: string, path: string, body?: unknown, key?: string) => harness.api.request(method, path, body, key);

  beforeAll(async () => {
    harness = await StackHarness.start({ services: ['customer', 'billing'], api: true });
    publisher = new KafkaBatchPublisher(createKafka({ brokers: harness.env.kafkaBrokers, clientId: 'e2e-api-cb' }), {
      maxBatchSize: 20,
      lingerMs: 1,
    });
    await publisher.connect();
  }, 180_000);

  afterAll(async () => {
    await publisher?.close();
    await harness?.stop();
  });

  describe('API keys', () => {
    it('answers 401 without a key and 403 for a read key on a write; reads work with a read key', async () => {
      const none = await fetch(`${harness.api.url}/api/v1/customers`);
      expect(none.status).toBe(401);
      expect(none.headers.get('content-type')).toContain('application/problem+json');
      expect((await api('POST', '/api/v1/customers', { name: 'X' }, harness.api.keys.read)).status).toBe(403);
      expect((await api('POST', '/api/v1/tariffs', { name: 'X' }, harness.api.keys.read)).status).toBe(403);
      expect((await api('GET', '/api/v1/customers', undefined, harness.api.keys.read)).status).toBe(200);
      expect((await api('GET', '/api/v1/cdrs', undefined, harness.api.keys.read)).status).toBe(200);
    });

    it('documents every endpoint in OpenAPI', async () => {
      const document = (await (await fetch(`${harness.api.url}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/customers',
          '/api/v1/customers/{id}',
          '/api/v1/id-tokens',
          '/api/v1/id-tokens/{type}/{idToken}',
          '/api/v1/id-tokens/{type}/{idToken}/block',
          '/api/v1/stations/{id}/local-list',
          '/api/v1/stations/{id}/local-list/version',
          '/api/v1/stations/{id}/clear-cache',
          '/api/v1/stations/{id}/ocpp16/send-local-list',
          '/api/v1/stations/{id}/ocpp201/get-local-list-version',
          '/api/v1/stations/{id}/ocpp21/clear-cache',
          '/api/v1/tariffs',
          '/api/v1/tariffs/{id}',
          '/api/v1/tariffs/{id}/assignments',
          '/api/v1/cdrs',
          '/api/v1/cdrs.csv',
          '/api/v1/cdrs/{cdrId}',
          '/api/v1/sessions/{sessionId}/cost',
        ]),
      );
    });
  });

  describe('customers and id tokens', () => {
    let customerId: string;

    it('creates, reads, renames, lists and deletes customers', async () => {
      const created = await api('POST', '/api/v1/customers', { name: '  Fleet Co  ' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: expect.any(String), name: 'Fleet Co' });
      customerId = created.body.id;
      expect((await api('GET', `/api/v1/customers/${customerId}`)).body).toMatchObject({ id: customerId, name: 'Fleet Co' });
      const renamed = await api('PATCH', `/api/v1/customers/${customerId}`, { name: 'Fleet Company' });
      expect(renamed.status).toBe(200);
      expect(renamed.body.name).toBe('Fleet Company');
      const other = (await api('POST', '/api/v1/customers', { name: 'Other 100%_' })).body.id as string;
      const listed = await api('GET', '/api/v1/customers?name=fleet%20comp&limit=10');
      expect(listed.body).toMatchObject({ total: 1, limit: 10, offset: 0, items: [{ id: customerId }] });
      expect(
        (await api('GET', `/api/v1/customers?name=${encodeURIComponent('100%_')}`)).body.items.map((c: { id: string }) => c.id),
      ).toEqual([other]);
      expect((await api('DELETE', `/api/v1/customers/${other}`)).status).toBe(204);
      expect((await api('GET', `/api/v1/customers/${other}`)).status).toBe(404);
    });

    it('answers invalid customer requests with 400 and unknown ones with 404 problems', async () => {
      const unknownField = await api('POST', '/api/v1/customers', { name: 'A', vip: true });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.detail).toMatch(/unknown property "vip"/);
      expect((await api('POST', '/api/v1/customers', { name: '' })).status).toBe(400);
      expect((await api('POST', '/api/v1/customers', { name: '   ' })).status).toBe(400);
      expect((await api('GET', `/api/v1/customers/${randomUUID()}`)).status).toBe(404);
      expect((await api('GET', '/api/v1/customers/not-a-uuid')).status).toBe(404);
      expect((await api('PATCH', `/api/v1/customers/${randomUUID()}`, { name: 'x' })).status).toBe(404);
      expect((await api('DELETE', `/api/v1/customers/${randomUUID()}`)).status).toBe(404);
    });

    it('manages tokens: create, 409 on a duplicate (case-insensitive), get, update, block/unblock, delete', async () => {
      const created = await api('POST', '/api/v1/id-tokens', {
        idToken: 'Api-Tok-1',
        customerId,
        expiryDate: '2099-01-01T00:00:00.000Z',
        groupIdToken: { idToken: 'FLEET-API', type: 'Central' },
        maxActiveSessions: 2,
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        key: 'ISO14443:API-TOK-1',
        idToken: 'Api-Tok-1',
        type: 'ISO14443',
        status: 'Accepted',
        customerId,
        expiryDate: '2099-01-01T00:00:00.000Z',
        groupIdToken: { idToken: 'FLEET-API', type: 'Central' },
        maxActiveSessions: 2,
        updatedAt: expect.any(String),
      });
      const duplicate = await api('POST', '/api/v1/id-tokens', { idToken: 'api-tok-1' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({ status: 409, code: 'TOKEN_ALREADY_EXISTS' });
      expect((await api('GET', '/api/v1/id-tokens/ISO14443/api-tok-1')).body.idToken).toBe('Api-Tok-1');

      const updated = await api('PATCH', '/api/v1/id-tokens/ISO14443/Api-Tok-1', {
        expiryDate: null,
        maxActiveSessions: null,
        groupIdToken: null,
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ expiryDate: null, maxActiveSessions: null, groupIdToken: null, customerId });
      expect((await api('POST', '/api/v1/id-tokens/ISO14443/Api-Tok-1/block')).body.status).toBe('Blocked');
      expect((await api('POST', '/api/v1/id-tokens/ISO14443/Api-Tok-1/unblock')).body.status).toBe('Accepted');

      const special = await api('POST', '/api/v1/id-tokens', { idToken: 'a/b c?', type: 'KeyCode' });
      expect(special.status).toBe(201);
      expect((await api('GET', `/api/v1/id-tokens/KeyCode/${encodeURIComponent('A/B C?')}`)).body.key).toBe('KeyCode:A/B C?');
      expect((await api('DELETE', `/api/v1/id-tokens/KeyCode/${encodeURIComponent('a/b c?')}`)).status).toBe(204);
      expect((await api('GET', `/api/v1/id-tokens/KeyCode/${encodeURIComponent('a/b c?')}`)).status).toBe(404);
    });

    it('refuses invalid token writes: unknown fields (the revision is not editable), bad values, unknown customer', async () => {
      const revision = await api('PATCH', '/api/v1/id-tokens/ISO14443/Api-Tok-1', { revision: 1 });
      expect(revision.status).toBe(400);
      expect(revision.body.detail).toMatch(/unknown property "revision"/);
      expect((await api('PATCH', '/api/v1/id-tokens/ISO14443/Api-Tok-1', { type: 'Local' })).status).toBe(400);
      expect((await api('PATCH', '/api/v1/id-tokens/ISO14443/Api-Tok-1', {})).status).toBe(400);
      expect((await api('POST', '/api/v1/id-tokens', { idToken: 'x'.repeat(37) })).status).toBe(400);
      expect((await api('POST', '/api/v1/id-tokens', { idToken: 'T-2', status: 'Maybe' })).status).toBe(400);
      expect((await api('POST', '/api/v1/id-tokens', { idToken: 'T-2', expiryDate: 'tomorrow' })).status).toBe(400);
      expect((await api('POST', '/api/v1/id-tokens', { idToken: 'T-2', maxActiveSessions: -1 })).status).toBe(400);
      expect((await api('POST', '/api/v1/id-tokens', { idToken: 'T-2', customerId: randomUUID() })).status).toBe(404);
      expect((await api('PATCH', '/api/v1/id-tokens/ISO14443/NOPE', { status: 'Blocked' })).status).toBe(404);
      expect((await api('POST', '/api/v1/id-tokens/ISO14443/NOPE/block')).status).toBe(404);
      expect((await api('DELETE', '/api/v1/id-tokens/ISO14443/NOPE')).status).toBe(404);
      const listed = await api('GET', '/api/v1/id-tokens?idToken=api-tok-1');
      expect(JSON.stringify(listed.body)).not.toContain('revision');
    });

    it('lists tokens filtered by customer, status, type, group and expiry, paged', async () => {
      const owner = (await api('POST', '/api/v1/customers', { name: 'Filter Co' })).body.id as string;
      const group = { idToken: 'FILTER-GRP', type: 'Central' };
      await api('POST', '/api/v1/id-tokens', { idToken: 'F-1', customerId: owner, groupIdToken: group });
      await api('POST', '/api/v1/id-tokens', { idToken: 'F-2', customerId: owner, status: 'Blocked' });
      await api('POST', '/api/v1/id-tokens', { idToken: 'F-3', type: 'eMAID', customerId: owner, expiryDate: '2020-01-01T00:00:00.000Z' });
      const keys = async (query: string): Promise<string[]> => {
        const response = await api('GET', `/api/v1/id-tokens?${query}`);
        expect(response.status).toBe(200);
        return (response.body.items as { key: string }[]).map((t) => t.key);
      };
      expect(await keys(`customerId=${owner}`)).toEqual(['ISO14443:F-1', 'ISO14443:F-2', 'eMAID:F-3']);
      expect(await keys(`customerId=${owner}&status=Blocked`)).toEqual(['ISO14443:F-2']);
      expect(await keys(`customerId=${owner}&type=eMAID`)).toEqual(['eMAID:F-3']);
      expect(await keys(`groupIdToken=FILTER-GRP`)).toEqual(['ISO14443:F-1']);
      expect(await keys(`customerId=${owner}&expired=true`)).toEqual(['eMAID:F-3']);
      expect(await keys(`customerId=${owner}&expired=false`)).toEqual(['ISO14443:F-1', 'ISO14443:F-2']);
      const paged = await api('GET', `/api/v1/id-tokens?customerId=${owner}&limit=1&offset=1`);
      expect(paged.body).toMatchObject({ total: 3, limit: 1, offset: 1, items: [{ key: 'ISO14443:F-2' }] });
      expect((await api('GET', '/api/v1/id-tokens?status=Nope')).status).toBe(400);
      expect((await api('GET', '/api/v1/id-tokens?sort=key')).status).toBe(400);
      expect((await api('GET', '/api/v1/id-tokens?limit=0')).status).toBe(400);
      // Deleting the customer deletes its tokens.
      expect((await api('DELETE', `/api/v1/customers/${owner}`)).status).toBe(204);
      expect(await keys(`groupIdToken=FILTER-GRP`)).toEqual([]);
    });

    it.each(["' OR 1=1 --", "x'; DROP TABLE id_tokens; --", '%', '_', '\\', '" OR ""="', '1; SELECT pg_sleep(5)'])(
      'answers SQL-injection-shaped filters (%s) with 4xx or nothing, never 500',
      async (evil) => {
        const q = encodeURIComponent(evil);
        for (const path of [
          `/api/v1/customers?name=${q}`,
          `/api/v1/id-tokens?customerId=${q}`,
          `/api/v1/id-tokens?idToken=${q}`,
          `/api/v1/id-tokens?type=${q}`,
          `/api/v1/id-tokens?groupIdToken=${q}`,
          `/api/v1/id-tokens/ISO14443/${q}`,
          `/api/v1/id-tokens/${q}/x`,
          `/api/v1/customers/${q}`,
          `/api/v1/tariffs?name=${q}`,
          `/api/v1/tariffs/${q}`,
          `/api/v1/cdrs?stationId=${q}`,
          `/api/v1/cdrs?customerId=${q}`,
          `/api/v1/cdrs.csv?stationId=${q}`,
          `/api/v1/cdrs/${q}`,
          `/api/v1/sessions/${q}/cost`,
          `/api/v1/stations/${q}/local-list`,
        ]) {
          const response = await api('GET', path);
          expect([path, response.status]).not.toEqual([path, 500]);
          expect(response.status).toBeLessThan(500);
          if (response.status === 200 && typeof response.body === 'object' && Array.isArray(response.body.items)) {
            if (!path.includes('name=%25') && !path.includes('name=_')) expect([path, response.body.items]).toEqual([path, []]);
          }
        }
        expect((await api('GET', '/api/v1/customers')).body.total).toBeGreaterThan(0);
      },
    );
  });

  describe('local authorization lists', () => {
    const group = { idToken: 'LL-GROUP', type: 'Central' };
    const sent: { action: string; payload: Record<string, unknown> }[] = [];
    let answer: (action: string, payload: Record<string, unknown>) => unknown[] | undefined;
    const play = (station: TestStation): void => {
      station.onCall = (action, payload, id) => {
        sent.push({ action, payload });
        const reply = answer(action, payload);
        return reply === undefined ? undefined : reply[0] === 4 ? [4, id, ...reply.slice(1)] : [3, id, reply[0]];
      };
    };
    const lastSent = (action: string): Record<string, unknown> => {
      const found = [...sent].reverse().find((s) => s.action === action);
      if (!found) throw new Error(`station got no ${action}`);
      return found.payload;
    };

    beforeAll(async () => {
      await api('POST', '/api/v1/id-tokens', { idToken: 'LL-A', groupIdToken: group, expiryDate: '2099-01-01T00:00:00.000Z' });
      await api('POST', '/api/v1/id-tokens', { idToken: 'LL-B', type: 'eMAID', groupIdToken: group });
      await api('POST', '/api/v1/id-tokens', { idToken: 'LL-BLOCKED', groupIdToken: group, status: 'Blocked' });
      await api('POST', '/api/v1/id-tokens', { idToken: 'LL-EXPIRED', groupIdToken: group, expiryDate: '2020-01-01T00:00:00.000Z' });
      await api('POST', '/api/v1/id-tokens', { idToken: 'LL-TOO-LONG-FOR-1.6-IDTAG', groupIdToken: group });
    });

    describe('OCPP 1.6', () => {
      let stationId: string;
      beforeAll(async () => {
        stationId = uniqueName('ll16');
        play(await harness.connect(stationId, 'ocpp1.6', { bootStatus: 'Accepted' }));
      });

      it('sends the Accepted tokens of a group as a Full 1.6 list; Accepted stores version 1 and the content', async () => {
        answer = () => [{ status: 'Accepted' }];
        const response = await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Full', groupIdToken: group });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          protocol: 'ocpp1.6',
          result: { status: 'Accepted' },
          localList: { version: 1, lastStatus: 'Accepted', size: 2 },
        });
        expect(lastSent('SendLocalList')).toEqual({
          listVersion: 1,
          updateType: 'Full',
          localAuthorizationList: [
            { idTag: 'LL-A', idTagInfo: { status: 'Accepted', expiryDate: '2099-01-01T00:00:00.000Z', parentIdTag: 'LL-GROUP' } },
            { idTag: 'LL-B', idTagInfo: { status: 'Accepted', parentIdTag: 'LL-GROUP' } },
          ],
        });
        const stored = await api('GET', `/api/v1/stations/${stationId}/local-list`, undefined, harness.api.keys.read);
        expect(stored.body).toMatchObject({ stationId, version: 1, protocol: 'ocpp1.6', size: 2 });
      });

      it('keeps the version when the station answers Failed or VersionMismatch, and records the status', async () => {
        answer = () => [{ status: 'Failed' }];
        const failed = await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Full', groupIdToken: group });
        expect(failed.status).toBe(200);
        expect(lastSent('SendLocalList')).toMatchObject({ listVersion: 2 });
        expect(failed.body).toMatchObject({
          result: { status: 'Failed' },
          localList: { version: 1, lastStatus: 'Failed', lastRequestedVersion: 2 },
        });
        answer = () => [{ status: 'VersionMismatch' }];
        const mismatch = await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Differential' });
        expect(mismatch.body.localList).toMatchObject({ version: 1, lastStatus: 'VersionMismatch' });
      });

      it('sends a Differential update with the changes since the stored list: a blocked token gets its new status', async () => {
        await api('POST', '/api/v1/id-tokens/eMAID/LL-B/block');
        answer = () => [{ status: 'Accepted' }];
        const response = await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Differential', groupIdToken: group });
        expect(response.status).toBe(200);
        // LL-B is no longer Accepted: it leaves the list.
        expect(lastSent('SendLocalList')).toEqual({
          listVersion: 2,
          updateType: 'Differential',
          localAuthorizationList: [{ idTag: 'LL-B' }],
        });
        expect(response.body.localList).toMatchObject({ version: 2, size: 1, entries: [{ idTag: 'LL-A' }] });
        // Explicit tokens: a blocked one is sent with its status.
        const explicit = await api('POST', `/api/v1/stations/${stationId}/local-list`, {
          updateType: 'Differential',
          tokens: [{ idToken: 'LL-B', type: 'eMAID' }],
        });
        expect(explicit.status).toBe(200);
        expect(lastSent('SendLocalList')).toEqual({
          listVersion: 3,
          updateType: 'Differential',
          localAuthorizationList: [{ idTag: 'LL-B', idTagInfo: { status: 'Blocked', parentIdTag: 'LL-GROUP' } }],
        });
        await api('POST', '/api/v1/id-tokens/eMAID/LL-B/unblock');
      });

      it('refuses versionNumber 0 and -1, unknown fields, unknown tokens and removals in a Full update', async () => {
        answer = () => [{ status: 'Accepted' }];
        const before = sent.length;
        expect((await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Full', versionNumber: 0 })).status).toBe(400);
        expect((await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Full', versionNumber: -1 })).status).toBe(400);
        expect((await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Full', colour: 'red' })).status).toBe(400);
        expect((await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Partial' })).status).toBe(400);
        expect(
          (await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Full', tokens: [{ idToken: 'NOPE' }] })).status,
        ).toBe(404);
        expect(
          (
            await api('POST', `/api/v1/stations/${stationId}/local-list`, {
              updateType: 'Full',
              tokens: [{ idToken: 'LL-A', remove: true }],
            })
          ).status,
        ).toBe(400);
        expect((await api('POST', `/api/v1/stations/${stationId}/local-list?timeoutMs=500`, { updateType: 'Full' })).status).toBe(400);
        expect((await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Full' }, harness.api.keys.read)).status).toBe(
          403,
        );
        expect(sent.length).toBe(before);
      });

      it('GetLocalListVersion answers the station version and stores it', async () => {
        answer = (action) => (action === 'GetLocalListVersion' ? [{ listVersion: 7 }] : [{ status: 'Accepted' }]);
        const response = await api('GET', `/api/v1/stations/${stationId}/local-list/version`);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          protocol: 'ocpp1.6',
          result: { listVersion: 7 },
          localList: { version: 7, reportedVersion: 7 },
        });
        // The next update continues from the stored version.
        await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Full' });
        expect(lastSent('SendLocalList')).toMatchObject({ listVersion: 8 });
      });

      it('ClearCache answers the station result', async () => {
        answer = () => [{ status: 'Rejected' }];
        const response = await api('POST', `/api/v1/stations/${stationId}/clear-cache`);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ protocol: 'ocpp1.6', result: { status: 'Rejected' } });
        expect(lastSent('ClearCache')).toEqual({});
      });

      it('serves the typed 1.6 endpoints with the official schema, and refuses other versions', async () => {
        answer = () => [{ status: 'Accepted' }];
        const typed = await api('POST', `/api/v1/stations/${stationId}/ocpp16/send-local-list`, {
          listVersion: 20,
          updateType: 'Full',
          localAuthorizationList: [{ idTag: 'RAW-1', idTagInfo: { status: 'Accepted' } }],
        });
        expect(typed.status).toBe(200);
        expect(typed.body).toEqual({ protocol: 'ocpp1.6', result: { status: 'Accepted' } });
        expect((await api('GET', `/api/v1/stations/${stationId}/local-list`)).body).toMatchObject({
          version: 20,
          entries: [{ idTag: 'RAW-1' }],
        });
        expect((await api('POST', `/api/v1/stations/${stationId}/ocpp16/send-local-list`, { listVersion: 1 })).status).toBe(400);
        expect(
          (await api('POST', `/api/v1/stations/${stationId}/ocpp16/send-local-list`, { listVersion: 1, updateType: 'Full', extra: 1 }))
            .status,
        ).toBe(400);
        answer = () => [{ listVersion: 20 }];
        expect((await api('POST', `/api/v1/stations/${stationId}/ocpp16/get-local-list-version`, {})).body.result).toEqual({
          listVersion: 20,
        });
        answer = () => [{ status: 'Accepted' }];
        expect((await api('POST', `/api/v1/stations/${stationId}/ocpp16/clear-cache`)).body.result).toEqual({ status: 'Accepted' });
        const otherVersion = await api('POST', `/api/v1/stations/${stationId}/ocpp201/clear-cache`, {});
        expect(otherVersion.status).toBe(400);
        expect(otherVersion.body.detail).toMatch(/speaks ocpp1.6/);
      });

      it('maps a CALLERROR to 502 and no answer to 504', async () => {
        answer = () => [4, 'NotSupported', 'no local list here', {}];
        const error = await api('POST', `/api/v1/stations/${stationId}/clear-cache`);
        expect(error.status).toBe(502);
        expect(error.body.callError).toMatchObject({ code: 'NotSupported' });
        answer = () => undefined;
        const timeout = await api('POST', `/api/v1/stations/${stationId}/clear-cache?timeoutMs=1000`);
        expect(timeout.status).toBe(504);
      });
    });

    describe('OCPP 2.0.1', () => {
      let stationId: string;
      beforeAll(async () => {
        stationId = uniqueName('ll201');
        play(await harness.connect(stationId, 'ocpp2.0.1', { bootStatus: 'Accepted' }));
      });

      it('sends idToken/idTokenInfo entries with the given versionNumber; Accepted stores it', async () => {
        answer = () => [{ status: 'Accepted' }];
        const response = await api('POST', `/api/v1/stations/${stationId}/local-list`, {
          updateType: 'Full',
          versionNumber: 10,
          groupIdToken: group,
        });
        expect(response.status).toBe(200);
        expect(lastSent('SendLocalList')).toEqual({
          versionNumber: 10,
          updateType: 'Full',
          localAuthorizationList: [
            {
              idToken: { idToken: 'LL-A', type: 'ISO14443' },
              idTokenInfo: { status: 'Accepted', cacheExpiryDateTime: '2099-01-01T00:00:00.000Z', groupIdToken: group },
            },
            {
              idToken: { idToken: 'LL-TOO-LONG-FOR-1.6-IDTAG', type: 'ISO14443' },
              idTokenInfo: { status: 'Accepted', groupIdToken: group },
            },
            { idToken: { idToken: 'LL-B', type: 'eMAID' }, idTokenInfo: { status: 'Accepted', groupIdToken: group } },
          ],
        });
        expect(response.body.localList).toMatchObject({ version: 10, protocol: 'ocpp2.0.1', size: 3 });
      });

      it('does not store a Failed answer, answers an answer outside the 2.0.1 schema with 502, and GetLocalListVersion reads versionNumber', async () => {
        answer = () => [{ status: 'NotSupported' }]; // a 1.6 status: not a valid 2.0.1 answer
        const invalid = await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Differential' });
        expect(invalid.status).toBe(502);
        answer = () => [{ status: 'Failed' }];
        const response = await api('POST', `/api/v1/stations/${stationId}/local-list`, { updateType: 'Differential' });
        expect(lastSent('SendLocalList')).toMatchObject({ versionNumber: 11, updateType: 'Differential' });
        expect(response.body).toMatchObject({ localList: { version: 10, lastStatus: 'Failed' } });
        answer = () => [{ versionNumber: 10 }];
        const version = await api('GET', `/api/v1/stations/${stationId}/local-list/version`);
        expect(version.body).toMatchObject({ protocol: 'ocpp2.0.1', result: { versionNumber: 10 }, localList: { version: 10, size: 3 } });
      });

      it('serves the typed 2.0.1 endpoints and refuses a 1.6 body', async () => {
        answer = () => [{ status: 'Accepted' }];
        const typed = await api('POST', `/api/v1/stations/${stationId}/ocpp201/send-local-list`, {
          versionNumber: 12,
          updateType: 'Differential',
          localAuthorizationList: [{ idToken: { idToken: 'LL-A', type: 'ISO14443' } }],
        });
        expect(typed.status).toBe(200);
        expect((await api('GET', `/api/v1/stations/${stationId}/local-list`)).body).toMatchObject({ version: 12, size: 2 });
        expect(
          (await api('POST', `/api/v1/stations/${stationId}/ocpp201/send-local-list`, { listVersion: 13, updateType: 'Full' })).status,
        ).toBe(400);
        expect(
          (await api('POST', `/api/v1/stations/${stationId}/ocpp16/send-local-list`, { listVersion: 13, updateType: 'Full' })).status,
        ).toBe(400);
        answer = () => [{ status: 'Accepted' }];
        expect((await api('POST', `/api/v1/stations/${stationId}/clear-cache`)).body).toEqual({
          protocol: 'ocpp2.0.1',
          result: { status: 'Accepted' },
        });
      });
    });

    it('answers 409 for an offline station and for one whose boot is not Accepted', async () => {
      const offline = await api('POST', `/api/v1/stations/${uniqueName('offline')}/local-list`, { updateType: 'Full' });
      expect(offline.status).toBe(409);
      expect(offline.body.code).toBe('station-offline');
      expect((await api('GET', `/api/v1/stations/${uniqueName('offline')}/local-list/version`)).status).toBe(409);
      expect((await api('POST', `/api/v1/stations/${uniqueName('offline')}/ocpp201/clear-cache`, {})).status).toBe(409);
      const pendingId = uniqueName('pending');
      play(await harness.connect(pendingId, 'ocpp2.0.1', { bootStatus: 'Pending' }));
      const pending = await api('POST', `/api/v1/stations/${pendingId}/clear-cache`);
      expect(pending.status).toBe(409);
      expect(pending.body).toMatchObject({ code: 'boot-status', bootStatus: 'Pending' });
    });

    it('applies SendLocalList results published on ocpp.commands.v1 by others, once', async () => {
      const stationId = uniqueName('elsewhere');
      const event = (correlationId: string, version: number, status: string): OcppCommandEvent =>
        answeredCommandEvent({
          stationId,
          protocol: 'ocpp2.0.1',
          sentBy: 'station-service',
          correlationId,
          action: 'SendLocalList',
          request: {
            versionNumber: version,
            updateType: 'Differential',
            localAuthorizationList: [{ idToken: { idToken: 'X1', type: 'Local' }, idTokenInfo: { status: 'Accepted' } }],
          },
          answer: { status },
        });
      const first = event(randomUUID(), 42, 'Accepted');
      const publish = (e: OcppCommandEvent) =>
        publisher.publish({ topic: harness.topics.OcppCommands, key: stationId, value: JSON.stringify(e) });
      await publish(first);
      await waitFor(async () => (await api('GET', `/api/v1/stations/${stationId}/local-list`)).body.version === 42, {
        timeoutMs: 30_000,
        message: 'version 42 applied',
      });
      await publish(event(randomUUID(), 43, 'Failed'));
      await publish(first); // redelivered: no second application
      await waitFor(async () => (await api('GET', `/api/v1/stations/${stationId}/local-list`)).body.lastStatus === 'Failed', {
        timeoutMs: 30_000,
        message: 'Failed recorded',
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const stored = (await api('GET', `/api/v1/stations/${stationId}/local-list`)).body;
      expect(stored).toMatchObject({ version: 42, lastStatus: 'Failed', size: 1 });
    });
  });

  describe('billing: tariffs', () => {
    let tariffId: string;

    it('creates a tariff with assignments; prices stay the exact decimal strings given', async () => {
      const created = await api('POST', '/api/v1/tariffs', {
        name: 'Exact',
        currency: 'EUR',
        timeZone: 'Europe/Berlin',
        energyPerKwh: '0.1',
        sessionFee: '0.2',
        chargingPerMinute: '0.000001',
        taxRatePercent: '19',
        validFrom: '2024-01-01T00:00:00.000Z',
        bands: [{ name: 'night', from: '22:00', to: '06:00', energyPerKwh: '0.05' }],
        assignments: [{ scope: 'station', stationId: 'CS-API-EXACT', validFrom: '2024-01-01T00:00:00.000Z' }],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        version: 1,
        energyPerKwh: '0.1',
        sessionFee: '0.2',
        chargingPerMinute: '0.000001',
        taxRatePercent: '19',
        rounding: 'HALF_UP',
        assignments: [{ scope: 'station', stationId: 'CS-API-EXACT', customerGroup: null, validTo: null }],
      });
      tariffId = created.body.id;
      const read = await api('GET', `/api/v1/tariffs/${tariffId}`, undefined, harness.api.keys.read);
      expect(read.body).toMatchObject({ id: tariffId, energyPerKwh: '0.1', sessionFee: '0.2', chargingPerMinute: '0.000001' });
    });

    it.each([
      ['a float number', { energyPerKwh: 0.1 }, /energyPerKwh must be string/],
      ['a float artefact with too many decimals', { energyPerKwh: '0.30000000000000004' }, /energyPerKwh must match pattern/],
      ['an exponent', { energyPerKwh: '1e-3' }, /energyPerKwh must match pattern/],
      ['a negative price', { sessionFee: '-1' }, /sessionFee must match pattern/],
      ['a tax over 100', { taxRatePercent: '100.5' }, /taxRatePercent must match pattern/],
      ['an unknown field', { discount: '5' }, /unknown property "discount"/],
      ['an unknown currency', { currency: 'XYZ' }, /XYZ|currency/],
      ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /Mars|zone/i],
    ])('refuses %s with 400', async (_case, change, detail) => {
      const response = await api('POST', '/api/v1/tariffs', {
        name: 'Bad',
        currency: 'EUR',
        timeZone: 'UTC',
        taxRatePercent: '19',
        ...change,
      });
      expect(response.status).toBe(400);
      expect(response.body.detail).toMatch(detail);
    });

    it('refuses bad assignments before storing anything', async () => {
      const before = (await api('GET', '/api/v1/tariffs?name=Orphan')).body.total;
      const bad = await api('POST', '/api/v1/tariffs', {
        name: 'Orphan',
        currency: 'EUR',
        timeZone: 'UTC',
        taxRatePercent: '0',
        assignments: [{ scope: 'station' }],
      });
      expect(bad.status).toBe(400);
      expect((await api('GET', '/api/v1/tariffs?name=Orphan')).body.total).toBe(before);
      expect((await api('POST', `/api/v1/tariffs/${tariffId}/assignments`, { scope: 'default', stationId: 'x' })).status).toBe(400);
      expect(
        (
          await api('POST', `/api/v1/tariffs/${tariffId}/assignments`, {
            scope: 'customerGroup',
            customerGroup: 'g',
            validFrom: '2030-01-01T00:00:00Z',
            validTo: '2029-01-01T00:00:00Z',
          })
        ).status,
      ).toBe(400);
      expect((await api('POST', `/api/v1/tariffs/${randomUUID()}/assignments`, { scope: 'default' })).status).toBe(404);
    });

    it('lists, versions, assigns and retires tariffs', async () => {
      const listed = await api('GET', '/api/v1/tariffs?name=exact');
      expect(listed.body).toMatchObject({ total: 1, items: [{ id: tariffId }] });
      expect((await api('GET', '/api/v1/tariffs')).body.items.map((t: { name: string }) => t.name)).toEqual(
        expect.arrayContaining(['Default', 'Exact']),
      );
      const v2 = await api('PATCH', `/api/v1/tariffs/${tariffId}`, { energyPerKwh: '0.15', validFrom: '2024-01-01T00:00:00.000Z' });
      expect(v2.status).toBe(200);
      expect(v2.body).toMatchObject({ id: tariffId, version: 2, energyPerKwh: '0.15', sessionFee: '0.2' });
      expect((await api('PATCH', `/api/v1/tariffs/${tariffId}`, { energyPerKwh: 0.15 })).status).toBe(400);
      expect(
        (await api('GET', `/api/v1/tariffs/${tariffId}/versions`)).body.map(
          (t: { version: number; energyPerKwh: string }) => `${t.version}:${t.energyPerKwh}`,
        ),
      ).toEqual(['1:0.1', '2:0.15']);
      const group = await api('POST', `/api/v1/tariffs/${tariffId}/assignments`, { scope: 'customerGroup', customerGroup: 'fleet' });
      expect(group.status).toBe(201);
      expect((await api('GET', `/api/v1/tariffs/${tariffId}/assignments`)).body).toHaveLength(2);
      expect((await api('DELETE', `/api/v1/tariffs/${tariffId}/assignments/${group.body.id}`)).status).toBe(204);
      expect((await api('DELETE', `/api/v1/tariffs/${tariffId}/assignments/${randomUUID()}`)).status).toBe(404);
      expect((await api('GET', `/api/v1/tariffs/${randomUUID()}`)).status).toBe(404);
      expect((await api('GET', '/api/v1/tariffs/not-a-uuid')).status).toBe(404);

      // The seeded default tariff holds the only default assignment: retiring it would leave sessions unpriced.
      const seeded = (await api('GET', '/api/v1/tariffs?name=Default')).body.items[0] as { id: string };
      const refused = await api('DELETE', `/api/v1/tariffs/${seeded.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('NoApplicableTariff');
      const spare = await api('POST', '/api/v1/tariffs', {
        name: 'Spare',
        currency: 'EUR',
        timeZone: 'UTC',
        taxRatePercent: '0',
        assignments: [{ scope: 'station', stationId: 'CS-SPARE' }],
      });
      expect((await api('DELETE', `/api/v1/tariffs/${spare.body.id}`)).status).toBe(204);
      expect((await api('GET', `/api/v1/tariffs/${spare.body.id}/assignments`)).body[0].validTo).not.toBeNull();
    });
  });

  describe('billing: CDRs and running cost', () => {
    let customerId: string;
    const tokenKey = 'ISO14443:CDR-TOKEN-1';
    const ended = { a: randomUUID(), b: randomUUID(), c: randomUUID() };
    const running = randomUUID();

    function lifecycle(
      sessionId: string,
      stationId: string,
      type: SessionLifecycleEvent['type'],
      o: { day: string; energyWh: number; idTokenKey?: string; anomalies?: string[] },
    ): SessionLifecycleEvent {
      const isEnd = type === 'Ended';
      const at = (time: string): string => `${o.day}T${time}.000Z`;
      return parseSessionLifecycleEvent({
        type,
        eventId: `${sessionId}:${type}`,
        sessionId,
        stationId,
        protocol: 'ocpp2.0.1',
        transactionRef: `tx-${sessionId.slice(0, 8)}`,
        ...(o.idTokenKey ? { idTokenKey: o.idTokenKey } : {}),
        evseId: 1,
        connectorId: 1,
        startedAt: at('10:00:00'),
        ...(isEnd ? { endedAt: at('11:00:00'), meterStopWh: 1000 + o.energyWh, stoppedReason: 'Local' } : {}),
        meterStartWh: 1000,
        energyWh: type === 'Started' ? 0 : o.energyWh,
        chargingSeconds: type === 'Started' ? 0 : 3000,
        idleSeconds: isEnd ? 600 : 0,
        anomalies: o.anomalies ?? [],
        occurredAt: isEnd ? at('11:00:00') : type === 'Started' ? at('10:00:00') : at('10:30:00'),
      });
    }
    const publish = (...events: SessionLifecycleEvent[]) =>
      Promise.all(
        events.map((e) => publisher.publish({ topic: harness.topics.SessionLifecycle, key: e.stationId, value: JSON.stringify(e) })),
      );

    beforeAll(async () => {
      customerId = (await api('POST', '/api/v1/customers', { name: 'CDR Customer' })).body.id;
      await api('POST', '/api/v1/id-tokens', { idToken: 'CDR-TOKEN-1', customerId });
      // billing learns the token's customer from customers.tokens.v1.
      const billing = harness.service('billing');
      await waitFor(async () => (await billing.dataSource.query(`SELECT 1 FROM customer_tokens WHERE key = $1`, [tokenKey])).length === 1, {
        timeoutMs: 30_000,
        message: 'billing token read model',
      });
      const a = { day: '2024-01-15', energyWh: 1000 };
      await publish(lifecycle(ended.a, 'CS-API-EXACT', 'Started', a), lifecycle(ended.a, 'CS-API-EXACT', 'Ended', a));
      const b = { day: '2024-02-15', energyWh: 12_345, idTokenKey: tokenKey };
      await publish(lifecycle(ended.b, 'CS-API,"B"', 'Started', b), lifecycle(ended.b, 'CS-API,"B"', 'Ended', b));
      const c = { day: '2024-03-15', energyWh: 0, anomalies: ['MeterDecreased'] };
      await publish(lifecycle(ended.c, 'CS-API-C', 'Started', c), lifecycle(ended.c, 'CS-API-C', 'Ended', c));
      await waitFor(async () => (await api('GET', '/api/v1/cdrs')).body.total >= 3, { timeoutMs: 60_000, message: '3 CDRs' });
    });

    it('lists CDRs newest first and gets one; the exact tariff gives exact amounts', async () => {
      const list = await api('GET', '/api/v1/cdrs', undefined, harness.api.keys.read);
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { sessionId: string }) => c.sessionId)).toEqual([ended.c, ended.b, ended.a]);
      const exact = list.body.items[2];
      // 1 kWh × 0.15 (v2) = 0.15, session fee 0.2, charging 50 min × 0.000001 = 0.00005 → 0.00; tax 19 % of 0.35 = 0.0665 → 0.07.
      expect(exact).toMatchObject({
        stationId: 'CS-API-EXACT',
        tariff: { id: expect.any(String), version: 2, assignment: 'station' },
        subtotal: { amount: '0.35' },
        tax: { amount: '0.07' },
        totalInclTax: { amount: '0.42' },
      });
      const one = await api('GET', `/api/v1/cdrs/${exact.cdrId}`);
      expect(one.body).toEqual(exact);
      expect((await api('GET', `/api/v1/cdrs/${randomUUID()}`)).status).toBe(404);
    });

    it('filters CDRs by end time range, station, customer, session and anomalies, paged', async () => {
      const ids = async (query: string): Promise<string[]> => {
        const response = await api('GET', `/api/v1/cdrs?${query}`);
        expect(response.status).toBe(200);
        return (response.body.items as { sessionId: string }[]).map((c) => c.sessionId);
      };
      expect(await ids('endedFrom=2024-02-01T00:00:00Z&endedTo=2024-03-01T00:00:00Z')).toEqual([ended.b]);
      expect(await ids('endedFrom=2024-02-15T11:00:00.000Z')).toEqual([ended.c, ended.b]);
      expect(await ids('endedTo=2024-02-15T11:00:00%2B00:00')).toEqual([ended.a]);
      expect(await ids(`stationId=${encodeURIComponent('CS-API,"B"')}`)).toEqual([ended.b]);
      expect(await ids(`customerId=${customerId}`)).toEqual([ended.b]);
      expect(await ids('anomalous=true')).toEqual([ended.c]);
      expect(await ids(`sessionId=${ended.a}`)).toEqual([ended.a]);
      expect(await ids(`sessionId=${randomUUID()}`)).toEqual([]);
      expect((await api('GET', '/api/v1/cdrs?sessionId=not-a-uuid')).status).toBe(400);
      expect(await ids('anomalous=false&endedFrom=2024-01-01T00:00:00Z')).toEqual([ended.b, ended.a]);
      expect((await api('GET', '/api/v1/cdrs?limit=1&offset=1')).body).toMatchObject({
        total: 3,
        limit: 1,
        offset: 1,
        items: [{ sessionId: ended.b }],
      });
      expect((await api('GET', '/api/v1/cdrs?endedFrom=yesterday')).status).toBe(400);
      expect((await api('GET', '/api/v1/cdrs?anomalous=maybe')).status).toBe(400);
      expect((await api('GET', '/api/v1/cdrs?station=x')).status).toBe(400);
    });

    it('exports CSV with a header, RFC 4180 quoting and the decimal strings unchanged', async () => {
      const response = await api('GET', '/api/v1/cdrs.csv?endedTo=2024-03-01T00:00:00Z', undefined, harness.api.keys.read);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      const text = response.body as string;
      const lines = text.split('\r\n');
      expect(lines[0]).toMatch(/^cdrId,sessionId,stationId,protocol,/);
      expect(lines).toHaveLength(4); // header, 2 rows, trailing empty
      expect(lines[3]).toBe('');
      const header = lines[0].split(',');
      const exact = lines[1];
      expect(exact).toContain(ended.a);
      expect(exact).toContain(',0.35,0.07,0.35,0.42,false,');
      expect(lines[2]).toContain('"CS-API,""B"""');
      expect(lines[2]).toContain(customerId);
      expect(header).toContain('totalInclTax');
      const filtered = await api('GET', '/api/v1/cdrs.csv?anomalous=true');
      expect((filtered.body as string).split('\r\n').filter(Boolean)).toHaveLength(2);
      const empty = await api('GET', '/api/v1/cdrs.csv?stationId=none');
      expect(empty.body).toBe(`${lines[0]}\r\n`);
      expect((await api('GET', '/api/v1/cdrs.csv?limit=5')).status).toBe(400);
    });

    it('answers the running cost of an ongoing session and 404 for an ended or unknown one', async () => {
      const now = new Date();
      const day = now.toISOString().slice(0, 10);
      const event = (type: SessionLifecycleEvent['type']) =>
        parseSessionLifecycleEvent({
          ...lifecycle(running, 'CS-API-RUN', type, { day, energyWh: 2000 }),
          startedAt: new Date(now.getTime() - 60_000).toISOString(),
          occurredAt: new Date(now.getTime() - (type === 'Started' ? 60_000 : 1_000)).toISOString(),
        });
      await publish(event('Started'), event('Updated'));
      await waitFor(async () => (await api('GET', `/api/v1/sessions/${running}/cost`)).body?.subtotal?.amount === '0.70', {
        timeoutMs: 30_000,
        message: 'running cost of 2 kWh',
      });
      const cost = await api('GET', `/api/v1/sessions/${running}/cost`, undefined, harness.api.keys.read);
      // Default tariff: 2 kWh × 0.35 = 0.70; tax 19 % = 0.133 → 0.13.
      expect(cost.body).toMatchObject({
        sessionId: running,
        stationId: 'CS-API-RUN',
        ongoing: true,
        currency: 'EUR',
        subtotal: { amount: '0.70' },
        tax: { amount: '0.13' },
        totalInclTax: { amount: '0.83' },
      });
      expect((await api('GET', `/api/v1/sessions/${ended.a}/cost`)).status).toBe(404);
      expect((await api('GET', `/api/v1/sessions/${randomUUID()}/cost`)).status).toBe(404);
      expect((await api('GET', '/api/v1/sessions/not-a-uuid/cost')).status).toBe(404);
    });
  });
});
