// OCTT 1.6 Central System test cases, Local Auth List Management profile.
import { waitFor } from '@voltlane/testing';
import type { StackHarness } from '../../stack-harness';
import { ChargePoint16, handles, newChargePointId, newIdTag, provisionIdTag, startConformanceStack } from '../ocpp16-station';

describe('OCTT 1.6 Central System: Local Auth List Management', () => {
  let harness: StackHarness;
  const TAG = newIdTag('LAL');
  const OTHER = newIdTag('LAL2');

  beforeAll(async () => {
    harness = await startConformanceStack();
    await provisionIdTag(harness, TAG);
    await provisionIdTag(harness, OTHER);
  }, 120_000);
  afterAll(() => harness?.stop());

  /** The local list the CSMS stores for the station (what it knows the station holds). */
  const stored = (id: string) => handles(harness).customers.localLists.stored(id);
  async function waitForStored(id: string, predicate: (l: Awaited<ReturnType<typeof stored>>) => boolean, message: string) {
    await waitFor(async () => predicate(await stored(id)), { timeoutMs: 15_000, message: `${id}: ${message}` });
    return stored(id);
  }

  it('TC_042_1_CSMS GetLocalListVersion (not supported)', async () => {
    const cp = await ChargePoint16.booted(harness, newChargePointId('042_1'));
    cp.answer('GetLocalListVersion', { listVersion: -1 });
    expect(await cp.commandResult('GetLocalListVersion', {})).toEqual({ listVersion: -1 });
    expect((await cp.receivedCalls('GetLocalListVersion'))[0].payload).toEqual({});
    await waitForStored(cp.id, (l) => l.reportedVersion === -1, 'reported version -1 stored');
  });

  it('TC_042_2_CSMS GetLocalListVersion (empty)', async () => {
    const cp = await ChargePoint16.booted(harness, newChargePointId('042_2'));
    cp.answer('GetLocalListVersion', { listVersion: 0 });
    expect(await cp.commandResult('GetLocalListVersion', {})).toEqual({ listVersion: 0 });
    const list = await waitForStored(cp.id, (l) => l.reportedVersion === 0, 'reported version 0 stored');
    expect(list).toMatchObject({ version: 0, entries: [] });
  });

  it('TC_043_1_CSMS SendLocalList NotSupported', async () => {
    const cp = await ChargePoint16.booted(harness, newChargePointId('043_1'));
    cp.answer('SendLocalList', { status: 'NotSupported' });
    const request = { listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: TAG, idTagInfo: { status: 'Accepted' } }] };
    expect(await cp.commandResult('SendLocalList', request)).toEqual({ status: 'NotSupported' });
    const list = await waitForStored(cp.id, (l) => l.lastStatus === 'NotSupported', 'NotSupported recorded');
    expect(list).toMatchObject({ version: 0, entries: [] });
  });

  it('TC_043_3_CSMS Failed', async () => {
    const cp = await ChargePoint16.booted(harness, newChargePointId('043_3'));
    cp.answer('SendLocalList', { status: 'Failed' });
    const request = { listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: TAG, idTagInfo: { status: 'Accepted' } }] };
    expect(await cp.commandResult('SendLocalList', request)).toEqual({ status: 'Failed' });
    const list = await waitForStored(cp.id, (l) => l.lastStatus === 'Failed', 'Failed recorded');
    expect(list).toMatchObject({ version: 0, entries: [] });
  });

  it('TC_043_4_CSMS Full', async () => {
    const cp = await ChargePoint16.booted(harness, newChargePointId('043_4'));
    let version = 0;
    cp.answer('SendLocalList', (p) => ((version = p.listVersion as number), { status: 'Accepted' }));
    cp.answer('GetLocalListVersion', () => ({ listVersion: version }));
    const request = {
      listVersion: 5,
      updateType: 'Full',
      localAuthorizationList: [
        { idTag: TAG, idTagInfo: { status: 'Accepted' } },
        { idTag: OTHER, idTagInfo: { status: 'Accepted', expiryDate: new Date(Date.now() + 86_400_000).toISOString() } },
      ],
    };
    expect(await cp.commandResult('SendLocalList', request)).toEqual({ status: 'Accepted' });
    expect(await cp.commandResult('GetLocalListVersion', {})).toEqual({ listVersion: 5 });
    // A full list carries idTagInfo for every entry, and the version is neither 0 nor -1.
    const sent = (await cp.receivedCalls('SendLocalList'))[0].payload as typeof request;
    expect(sent.localAuthorizationList.every((e) => e.idTagInfo !== undefined)).toBe(true);
    const list = await waitForStored(cp.id, (l) => l.version === 5, 'version 5 stored');
    expect(list).toMatchObject({ lastStatus: 'Accepted', lastUpdateType: 'Full' });
    expect(list.entries.map((e) => e.idTag).sort()).toEqual([TAG, OTHER].sort());
  });

  it('TC_043_5_CSMS Differential', async () => {
    const cp = await ChargePoint16.booted(harness, newChargePointId('043_5'));
    const list = new Map<string, unknown>();
    let version = 0;
    cp.answer('SendLocalList', (p) => {
      if (p.updateType === 'Full') list.clear();
      for (const entry of (p.localAuthorizationList as { idTag: string; idTagInfo?: unknown }[] | undefined) ?? []) {
        if (entry.idTagInfo === undefined) list.delete(entry.idTag);
        else list.set(entry.idTag, entry.idTagInfo);
      }
      version = p.listVersion as number;
      return { status: 'Accepted' };
    });
    cp.answer('GetLocalListVersion', () => ({ listVersion: version }));
    expect(
      await cp.commandResult('SendLocalList', {
        listVersion: 1,
        updateType: 'Full',
        localAuthorizationList: [
          { idTag: TAG, idTagInfo: { status: 'Accepted' } },
          { idTag: OTHER, idTagInfo: { status: 'Accepted' } },
        ],
      }),
    ).toEqual({ status: 'Accepted' });
    // Differential: update one entry, remove the other (no idTagInfo).
    expect(
      await cp.commandResult('SendLocalList', {
        listVersion: 2,
        updateType: 'Differential',
        localAuthorizationList: [{ idTag: TAG, idTagInfo: { status: 'Blocked' } }, { idTag: OTHER }],
      }),
    ).toEqual({ status: 'Accepted' });
    expect(await cp.commandResult('GetLocalListVersion', {})).toEqual({ listVersion: 2 });
    expect([...list.entries()]).toEqual([[TAG, { status: 'Blocked' }]]);
    const storedList = await waitForStored(cp.id, (l) => l.version === 2, 'version 2 stored');
    expect(storedList).toMatchObject({
      lastStatus: 'Accepted',
      lastUpdateType: 'Differential',
      entries: [{ idTag: TAG, idTagInfo: { status: 'Blocked' } }],
    });
  });

  it('SendLocalList split by SendLocalListMaxLength: a Full part, then Differential parts with the next versions (D01)', async () => {
    const cp = await ChargePoint16.booted(harness, newChargePointId('043_max'));
    cp.answer('GetConfiguration', { configurationKey: [{ key: 'SendLocalListMaxLength', readonly: true, value: '1' }] });
    await cp.commandResult('GetConfiguration', { key: ['SendLocalListMaxLength'] });
    // The station-service learnt the limit; the customer-service, which sends local lists, reads it.
    await waitFor(async () => (await handles(harness).stations.ports.limits.get(cp.id))?.SendLocalList?.items === 1, {
      timeoutMs: 15_000,
      message: 'SendLocalListMaxLength known',
    });
    const tokens = [TAG, OTHER].sort().map((idToken) => ({ idToken, type: 'ISO14443' }));
    const response = await harness.api.request('POST', `/api/v1/stations/${encodeURIComponent(cp.id)}/local-list`, {
      updateType: 'Full',
      versionNumber: 3,
      tokens,
    });
    expect(response.status).toBe(200);
    const calls = (await cp.receivedCalls('SendLocalList', 2)).map(
      (c) => c.payload as { updateType: string; listVersion: number; localAuthorizationList: { idTag: string }[] },
    );
    expect(calls.map((c) => [c.updateType, c.listVersion, c.localAuthorizationList.map((e) => e.idTag)])).toEqual([
      ['Full', 3, [tokens[0].idToken]],
      ['Differential', 4, [tokens[1].idToken]],
    ]);
    const body = response.body as {
      result: unknown;
      parts: { outcome: string }[];
      localList: { version: number; entries: { idTag: string }[] };
    };
    expect(body.result).toEqual({ status: 'Accepted' });
    expect(body.parts.map((p) => p.outcome)).toEqual(['result', 'result']);
    // Each part was applied in turn: the stored list is the whole list at the last part's version.
    expect(body.localList.version).toBe(4);
    expect(body.localList.entries.map((e) => e.idTag).sort()).toEqual(tokens.map((t) => t.idToken));
  });
});
