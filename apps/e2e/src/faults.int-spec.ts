import { parseStationFaultEvent, type StationFaultEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { startStationService } from '@voltlane/station-service';
import { createLogger } from '@voltlane/telemetry';
import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

type Protocol = 'ocpp1.6' | 'ocpp2.0.1';

const BOOT: Record<Protocol, Record<string, unknown>> = {
  'ocpp1.6': { chargePointVendor: 'Voltlane', chargePointModel: 'VL-AC22' },
  'ocpp2.0.1': { reason: 'PowerUp', chargingStation: { vendorName: 'Voltlane', model: 'VL-DC50' } },
};

/** Heartbeat interval given at boot and grace: a station silent for 3 s is offline. */
const HEARTBEAT_S = 2;
const GRACE_S = 1;

describe('station faults end to end (status, NotifyEvent, security events, offline; API and stations.faults.v1)', () => {
  let harness: StackHarness;
  let api: StackHarness['api'];

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station'],
      api: true,
      serviceEnv: {
        STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
        STATION_SERVICE_LAST_SEEN_FLUSH_MS: '100',
        STATION_SERVICE_HEARTBEAT_INTERVAL_S: String(HEARTBEAT_S),
        STATION_SERVICE_OFFLINE_GRACE_S: String(GRACE_S),
        STATION_SERVICE_OFFLINE_SWEEP_MS: '200',
      },
    });
    api = harness.api;
    // The service's consumer groups may still be joining: boot a warm-up station until it answers.
    const station = await harness.connect(uniqueName('warmup'), 'ocpp1.6');
    await waitFor(async () => (await station.call('BootNotification', BOOT['ocpp1.6']))[0] === 3, { timeoutMs: 45_000, intervalMs: 10 });
  }, 90_000);

  afterAll(async () => {
    await harness?.stop();
  });

  async function bootedStation(protocol: Protocol): Promise<{ id: string; station: TestStation }> {
    const id = uniqueName('flt');
    const station = await harness.connect(id, protocol);
    const answer = await station.call('BootNotification', BOOT[protocol]);
    expect(answer[2]).toMatchObject({ status: 'Accepted', interval: HEARTBEAT_S });
    return { id, station };
  }

  /** The station's records on stations.faults.v1, each validated against the contract. */
  function faultEvents(id: string): StationFaultEvent[] {
    return harness
      .records('StationFaults')
      .filter((m: BusMessage) => m.key === id)
      .map((m) => parseStationFaultEvent(JSON.parse(m.value)));
  }

  async function waitForFaultEvent(id: string, match: (e: StationFaultEvent) => boolean, message: string): Promise<StationFaultEvent> {
    let found: StationFaultEvent | undefined;
    await waitFor(() => (found = faultEvents(id).find(match)) !== undefined, { timeoutMs: 15_000, message });
    return found as StationFaultEvent;
  }

  async function faultsOf(id: string, query = ''): Promise<Record<string, unknown>[]> {
    const response = await api.request('GET', `/api/v1/stations/${id}/faults${query}`);
    expect(response.status).toBe(200);
    return response.body.items as Record<string, unknown>[];
  }

  it('1.6: Faulted/GroundFailure opens a fault (API + stations.faults.v1), a re-delivered frame counts once, Available/NoError resolves it', async () => {
    const { id, station } = await bootedStation('ocpp1.6');
    const faulted = {
      connectorId: 1,
      status: 'Faulted',
      errorCode: 'GroundFailure',
      vendorErrorCode: 'GF-7',
      info: 'RCD tripped',
      timestamp: '2026-01-05T10:00:00.000Z',
    };
    expect((await station.call('StatusNotification', faulted, 'status-1'))[0]).toBe(3);

    const opened = await waitForFaultEvent(id, (e) => e.source === 'StatusNotification' && e.state === 'open', 'fault opened');
    expect(opened).toMatchObject({
      stationId: id,
      protocol: 'ocpp1.6',
      evseId: 0,
      connectorId: 1,
      code: 'GroundFailure',
      vendorCode: 'GF-7',
      info: 'RCD tripped',
      firstSeenAt: '2026-01-05T10:00:00.000Z',
      occurrences: 1,
      eventId: `${opened.faultId}:open`,
    });
    const fault = await api.request('GET', `/api/v1/faults/${opened.faultId}`);
    expect(fault.status).toBe(200);
    expect(fault.body).toMatchObject({
      id: opened.faultId,
      stationId: id,
      source: 'StatusNotification',
      code: 'GroundFailure',
      state: 'open',
      connectorId: 1,
    });

    // The same frame again (same connection and message id: what a Kafka re-delivery looks like): one record, one occurrence.
    expect((await station.call('StatusNotification', faulted, 'status-1'))[0]).toBe(3);
    // A new report of the same fault refreshes it.
    expect((await station.call('StatusNotification', { ...faulted, timestamp: '2026-01-05T10:01:00.000Z' }, 'status-2'))[0]).toBe(3);
    await waitFor(
      async () => (await api.request('GET', `/api/v1/faults/${opened.faultId}`)).body.lastSeenAt === '2026-01-05T10:01:00.000Z',
      { message: 'fault refreshed' },
    );
    const refreshed = await faultsOf(id, '?source=StatusNotification');
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).toMatchObject({ occurrences: 2, firstSeenAt: '2026-01-05T10:00:00.000Z', state: 'open' });

    // A late, older NoError report does not resolve it.
    await station.call('StatusNotification', {
      connectorId: 1,
      status: 'Available',
      errorCode: 'NoError',
      timestamp: '2026-01-05T09:59:00.000Z',
    });
    // A later Available/NoError does.
    await station.call('StatusNotification', {
      connectorId: 1,
      status: 'Available',
      errorCode: 'NoError',
      timestamp: '2026-01-05T10:05:00.000Z',
    });
    const resolved = await waitForFaultEvent(id, (e) => e.faultId === opened.faultId && e.state === 'resolved', 'fault resolved');
    expect(resolved).toMatchObject({
      resolvedBy: 'station',
      resolvedAt: '2026-01-05T10:05:00.000Z',
      occurrences: 2,
      eventId: `${opened.faultId}:resolved`,
    });
    expect((await api.request('GET', `/api/v1/faults/${opened.faultId}`)).body).toMatchObject({ state: 'resolved', resolvedBy: 'station' });
    expect(
      faultEvents(id)
        .filter((e) => e.source === 'StatusNotification')
        .map((e) => e.state),
    ).toEqual(['open', 'resolved']);

    const list = await api.request('GET', `/api/v1/faults?stationId=${id}&state=resolved&code=GroundFailure`);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: opened.faultId }] });
    expect((await api.request('GET', `/api/v1/faults?stationId=${id}&state=open&source=StatusNotification`)).body.total).toBe(0);
  });

  it('2.0.1: a NotifyEvent problem opens a fault and its cleared event resolves it', async () => {
    const { id, station } = await bootedStation('ocpp2.0.1');
    const event = (eventId: number, timestamp: string, extra: Record<string, unknown>) => ({
      eventId,
      timestamp,
      trigger: 'Alerting',
      actualValue: 'true',
      techCode: 'PC-17',
      techInfo: 'converter overheated',
      component: { name: 'PowerConverter', evse: { id: 1 } },
      variable: { name: 'Problem' },
      eventNotificationType: 'HardWiredNotification',
      ...extra,
    });
    const notify = { generatedAt: '2026-01-05T11:00:00.000Z', seqNo: 0, eventData: [event(1, '2026-01-05T11:00:00.000Z', {})] };
    expect((await station.call('NotifyEvent', notify, 'notify-1'))[0]).toBe(3);
    const opened = await waitForFaultEvent(id, (e) => e.source === 'NotifyEvent' && e.state === 'open', 'NotifyEvent fault opened');
    expect(opened).toMatchObject({
      protocol: 'ocpp2.0.1',
      evseId: 1,
      connectorId: 0,
      code: 'PowerConverter/Problem',
      vendorCode: 'PC-17',
      info: 'converter overheated',
    });
    // The same frame again (a re-delivery): still one record with one occurrence; then the same problem in a new frame refreshes it.
    expect((await station.call('NotifyEvent', notify, 'notify-1'))[0]).toBe(3);
    expect((await station.call('NotifyEvent', { ...notify, eventData: [event(3, '2026-01-05T11:01:00.000Z', {})] }, 'notify-2'))[0]).toBe(
      3,
    );
    await waitFor(
      async () => (await api.request('GET', `/api/v1/faults/${opened.faultId}`)).body.lastSeenAt === '2026-01-05T11:01:00.000Z',
      { message: 'event fault refreshed' },
    );
    expect(await faultsOf(id, '?source=NotifyEvent')).toMatchObject([{ id: opened.faultId, occurrences: 2, state: 'open' }]);

    const cleared = {
      generatedAt: '2026-01-05T11:05:00.000Z',
      seqNo: 0,
      eventData: [event(2, '2026-01-05T11:05:00.000Z', { actualValue: 'false', cleared: true, trigger: 'Delta' })],
    };
    expect((await station.call('NotifyEvent', cleared))[0]).toBe(3);
    const resolved = await waitForFaultEvent(
      id,
      (e) => e.faultId === opened.faultId && e.state === 'resolved',
      'NotifyEvent fault resolved',
    );
    expect(resolved).toMatchObject({ resolvedBy: 'station', resolvedAt: '2026-01-05T11:05:00.000Z' });

    // 2.x Faulted status opens a Faulted fault; Available resolves it.
    await station.call('StatusNotification', {
      timestamp: '2026-01-05T11:10:00.000Z',
      connectorStatus: 'Faulted',
      evseId: 1,
      connectorId: 1,
    });
    const faulted = await waitForFaultEvent(id, (e) => e.code === 'Faulted' && e.state === 'open', 'Faulted fault opened');
    expect(faulted).toMatchObject({ source: 'StatusNotification', evseId: 1, connectorId: 1 });
    await station.call('StatusNotification', {
      timestamp: '2026-01-05T11:11:00.000Z',
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
    await waitForFaultEvent(id, (e) => e.faultId === faulted.faultId && e.state === 'resolved', 'Faulted fault resolved');
  });

  it('a SecurityEventNotification opens a fault only an operator resolves (write scope, 409 once resolved)', async () => {
    const { id, station } = await bootedStation('ocpp2.0.1');
    await station.call('SecurityEventNotification', {
      type: 'InvalidFirmwareSignature',
      timestamp: '2026-01-05T12:00:00.000Z',
      techInfo: 'bad signature',
    });
    const opened = await waitForFaultEvent(id, (e) => e.source === 'SecurityEvent' && e.state === 'open', 'security fault opened');
    expect(opened).toMatchObject({ code: 'InvalidFirmwareSignature', info: 'bad signature', evseId: 0, connectorId: 0 });

    const readOnly = await api.request('POST', `/api/v1/faults/${opened.faultId}/resolve`, undefined, api.keys.read);
    expect(readOnly.status).toBe(403);
    const resolved = await api.request('POST', `/api/v1/faults/${opened.faultId}/resolve`, undefined, api.keys.write);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: opened.faultId, state: 'resolved', resolvedBy: 'operator' });
    await waitForFaultEvent(
      id,
      (e) => e.faultId === opened.faultId && e.state === 'resolved' && e.resolvedBy === 'operator',
      'security fault resolved',
    );
    const again = await api.request('POST', `/api/v1/faults/${opened.faultId}/resolve`, undefined, api.keys.write);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.detail).toMatch(/already resolved/);
  });

  it('answers bad fault queries and ids with 4xx problems', async () => {
    const badState = await api.request('GET', '/api/v1/faults?state=broken');
    expect(badState.status).toBe(400);
    expect(badState.headers.get('content-type')).toContain('application/problem+json');
    expect((await api.request('GET', '/api/v1/faults?source=Weather')).status).toBe(400);
    expect((await api.request('GET', '/api/v1/faults?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).body.detail).toMatch(
      /from must be before to/,
    );
    expect((await api.request('GET', '/api/v1/faults/not-a-number')).body.detail).toMatch(/Invalid fault id/);
    expect((await api.request('GET', '/api/v1/faults/987654321987')).status).toBe(404);
    expect((await api.request('POST', '/api/v1/faults/987654321987/resolve')).status).toBe(404);
    expect((await api.request('GET', `/api/v1/stations/${uniqueName('nobody')}/faults`)).status).toBe(404);
  });

  it('a station that disconnects and stays away gets one Offline fault per absence, resolved when it is back', async () => {
    const { id, station } = await bootedStation('ocpp1.6');
    await station.close();
    const opened = await waitForFaultEvent(
      id,
      (e) => e.source === 'Offline' && e.state === 'open',
      'offline fault of a disconnected station',
    );
    // An operator closes it while the station is still away: not raised again for the same absence.
    expect((await api.request('POST', `/api/v1/faults/${opened.faultId}/resolve`)).status).toBe(200);
    await waitForFaultEvent(
      id,
      (e) => e.faultId === opened.faultId && e.state === 'resolved' && e.resolvedBy === 'operator',
      'offline fault resolved by the operator',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // five sweeps, and nothing more on stations.faults.v1
    expect(
      faultEvents(id)
        .filter((e) => e.source === 'Offline')
        .map((e) => `${e.state}:${e.resolvedBy ?? ''}`),
    ).toEqual(['open:', 'resolved:operator']);

    // Back, then away again: a new absence, a new fault; its first frame resolves it.
    const again = await harness.connect(id, 'ocpp1.6');
    expect((await again.call('BootNotification', BOOT['ocpp1.6']))[0]).toBe(3);
    const second = await waitForFaultEvent(
      id,
      (e) => e.source === 'Offline' && e.state === 'open' && e.faultId !== opened.faultId,
      'second offline fault',
    );
    expect((await again.call('Heartbeat', {}))[0]).toBe(3);
    await waitForFaultEvent(
      id,
      (e) => e.faultId === second.faultId && e.state === 'resolved' && e.resolvedBy === 'station',
      'second offline fault resolved',
    );
  }, 30_000);

  it('a station that goes silent is marked offline with an Offline fault (once, with two replicas sweeping), resolved when it speaks again', async () => {
    // A second replica of the station-service on the same schema and consumer group: both sweep.
    const replica = await startStationService({
      env: { ...harness.serviceEnv, STATION_SERVICE_INSTANCE_ID: uniqueName('station_replica') },
      logger: createLogger('e2e', process.env.TEST_LOG_LEVEL ?? 'silent').child({ service: 'station-replica' }),
    });
    try {
      await silentStation();
    } finally {
      await replica.close();
    }
  }, 60_000);

  /**
   * Heartbeats every half second until the returned stop is awaited: a station that keeps talking
   * is never silent for HEARTBEAT_S + GRACE_S, however slowly Kafka, the API and this process go.
   */
  function keepTalking(station: TestStation): () => Promise<void> {
    let talking = true;
    const loop = (async () => {
      while (talking) {
        await station.call('Heartbeat', {}).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    return async () => {
      talking = false;
      await loop;
    };
  }

  async function silentStation(): Promise<void> {
    const id = uniqueName('flt');
    const station = await harness.connect(id, 'ocpp1.6');
    // The consumer group rebalances as the replica joins: retry until the boot is answered.
    await waitFor(async () => (await station.call('BootNotification', BOOT['ocpp1.6']).catch(() => [0]))[0] === 3, {
      timeoutMs: 45_000,
      intervalMs: 10,
    });
    // Talking, it is online. (A boot held up by the rebalance may have been taken for a silence
    // already: such a fault is resolved by the talk and is not the one this test is about.)
    const stopTalking = keepTalking(station);
    let earlier: Set<unknown>;
    try {
      await waitFor(async () => (await api.request('GET', `/api/v1/stations/${id}`)).body?.online === true, { message: `${id} online` });
      await waitFor(async () => (await faultsOf(id, '?source=Offline&state=open')).length === 0, {
        message: `${id} no open Offline fault`,
      });
      earlier = new Set((await faultsOf(id, '?source=Offline')).map((f) => f.id));
    } finally {
      await stopTalking();
    }
    const ofThisSilence = (e: StationFaultEvent) => e.source === 'Offline' && !earlier.has(e.faultId);
    // Silent for longer than heartbeat interval + grace (socket still open).
    const opened = await waitForFaultEvent(id, (e) => ofThisSilence(e) && e.state === 'open', 'offline fault opened');
    expect(opened).toMatchObject({ code: 'Offline', evseId: 0, connectorId: 0, protocol: 'ocpp1.6' });
    expect((await api.request('GET', `/api/v1/stations/${id}`)).body.online).toBe(false);
    expect((await faultsOf(id, '?source=Offline&state=open')).map((f) => f.id)).toEqual([opened.faultId]);

    expect((await station.call('Heartbeat', {}))[0]).toBe(3);
    // Speaking again, it stays in touch: a second silence (and a second fault) is not what this is about.
    const stopTalkingAgain = keepTalking(station);
    try {
      const resolved = await waitForFaultEvent(id, (e) => e.faultId === opened.faultId && e.state === 'resolved', 'offline fault resolved');
      expect(resolved.resolvedBy).toBe('station');
      await waitFor(async () => (await api.request('GET', `/api/v1/stations/${id}`)).body.online === true, {
        message: `${id} online again`,
      });
      // One Offline fault per silence: of the two replicas sweeping, one raised it.
      expect(faultEvents(id).filter((e) => ofThisSilence(e) && e.state === 'open')).toHaveLength(1);
      expect(await faultsOf(id, '?source=Offline')).toHaveLength(earlier.size + 1);
    } finally {
      await stopTalkingAgain();
    }
  }
});
