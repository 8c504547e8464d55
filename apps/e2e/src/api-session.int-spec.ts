import { randomUUID } from 'node:crypto';
import type { SessionServiceHandle } from '@voltlane/session-service';
import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

interface Received {
  action: string;
  payload: Record<string, unknown>;
}

/** Answers CSMS calls like a real station: `answers[action]` (a payload, a CALLERROR, or silence). */
function playStation(station: TestStation, answers: Record<string, Record<string, unknown> | 'error' | 'silent'>): Received[] {
  const received: Received[] = [];
  station.onCall = (action, payload, id) => {
    received.push({ action, payload });
    const answer = answers[action] ?? { status: 'Accepted' };
    if (answer === 'silent') return undefined;
    if (answer === 'error') return [4, id, 'NotSupported', 'not here', {}];
    return [3, id, answer];
  };
  return received;
}

// The operator API of the session- and metering-services on the real stack, with real WebSocket stations.
describe('session and metering operator API end to end', () => {
  let harness: StackHarness;
  let service: SessionServiceHandle;
  const iso = (offsetMs = 0): string => new Date(Date.now() + offsetMs).toISOString();
  const api = (method: string, path: string, body?: unknown, key?: string) => harness.api.request(method, path, body, key);

  beforeAll(async () => {
    harness = await StackHarness.start({ services: ['session', 'metering'], api: true });
    service = harness.service('session') as SessionServiceHandle;
  });
  afterAll(async () => {
    await harness?.stop();
  });

  describe('OCPP 1.6 station', () => {
    let station: TestStation;
    let stationId: string;
    let received: Received[];
    const answers: Record<string, Record<string, unknown> | 'error' | 'silent'> = {};

    beforeAll(async () => {
      stationId = uniqueName('api16');
      station = await harness.connect(stationId, 'ocpp1.6', { bootStatus: 'Accepted' });
      received = playStation(station, answers);
    });

    let sessionId: string;
    let transactionId: number;

    it('remote start: the station gets RemoteStartTransaction, the answer is 200, and the following session is linked', async () => {
      const response = await api(
        'POST',
        `/api/v1/stations/${stationId}/remote-start`,
        { idToken: 'rs-tag-16', connectorId: 1 },
        harness.api.keys.write,
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ protocol: 'ocpp1.6', result: { status: 'Accepted' }, remoteStartId: expect.any(Number) });
      expect(received.at(-1)).toEqual({ action: 'RemoteStartTransaction', payload: { idTag: 'rs-tag-16', connectorId: 1 } });

      const started = await station.call('StartTransaction', {
        connectorId: 1,
        idTag: 'rs-tag-16',
        meterStart: 1000,
        timestamp: iso(-1000),
      });
      transactionId = (started[2] as { transactionId: number }).transactionId;
      const session = await service.sessions.findByTransaction(stationId, transactionId);
      expect(session?.remoteStartId).toBe(response.body.remoteStartId);
      sessionId = session!.id;
      await waitFor(async () => (await api('GET', `/api/v1/sessions/${sessionId}`)).body.remoteStart?.status === 'Accepted', {
        message: 'remote start answer applied',
      });
      const detail = await api('GET', `/api/v1/sessions/${sessionId}`, undefined, harness.api.keys.read);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        id: sessionId,
        status: 'Active',
        transactionId,
        remoteStartId: response.body.remoteStartId,
        cost: null,
        chargingPeriods: expect.any(Array),
        anomalies: expect.any(Array),
        remoteStart: { remoteStartId: response.body.remoteStartId, idToken: 'rs-tag-16', connectorId: 1, sessionId, status: 'Accepted' },
      });
    });

    it('meter samples by station, transaction and session; energy per transaction', async () => {
      const meterValue = (wh: number, offset: number) => ({
        timestamp: iso(offset),
        sampledValue: [
          { value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
          { value: '7200', measurand: 'Power.Active.Import', unit: 'W' },
        ],
      });
      const answer = await station.call('MeterValues', {
        connectorId: 1,
        transactionId,
        meterValue: [meterValue(1500, -800), meterValue(2500, -500)],
      });
      expect(answer[0]).toBe(3);
      await waitFor(
        async () => (await api('GET', `/api/v1/stations/${stationId}/meter-samples?transactionRef=${transactionId}`)).body.total === 4,
        { message: 'samples stored' },
      );
      // StartTransaction's meterStart is stored too (outside the transaction: its id was not assigned yet).
      expect((await api('GET', `/api/v1/stations/${stationId}/meter-samples?measurand=Energy.Active.Import.Register`)).body.total).toBe(3);
      const energyOnly = await api(
        'GET',
        `/api/v1/stations/${stationId}/meter-samples?measurand=Energy.Active.Import.Register&transactionRef=${transactionId}&limit=1&offset=1`,
      );
      expect(energyOnly.status).toBe(200);
      expect(energyOnly.body).toMatchObject({
        total: 2,
        limit: 1,
        offset: 1,
        items: [{ measurand: 'Energy.Active.Import.Register', value: '2500', transactionRef: String(transactionId) }],
      });
      const future = await api('GET', `/api/v1/stations/${stationId}/meter-samples?from=${encodeURIComponent(iso(3_600_000))}`);
      expect(future.body.total).toBe(0);
      const byTransaction = await api(
        'GET',
        `/api/v1/stations/${stationId}/transactions/${transactionId}/meter-samples?measurand=Power.Active.Import`,
      );
      expect(byTransaction.body.total).toBe(2);
      await waitFor(async () => (await api('GET', `/api/v1/sessions/${sessionId}/meter-samples`)).status === 200, {
        message: 'session known to metering',
      });
      expect((await api('GET', `/api/v1/sessions/${sessionId}/meter-samples`)).body.total).toBe(4);
      const energy = await api('GET', `/api/v1/stations/${stationId}/transactions/${transactionId}/energy`);
      expect(energy.status).toBe(200);
      expect(energy.body).toMatchObject({ transactionRef: String(transactionId), endWh: '2500' });
      expect((await api('GET', `/api/v1/sessions/${randomUUID()}/meter-samples`)).status).toBe(404);
      expect((await api('GET', `/api/v1/stations/${stationId}/meter-samples?unit=Wh`)).status).toBe(400);
    });

    it('remote stop by session id sends the integer transaction id; the session ends and is listed with filters', async () => {
      const response = await api('POST', `/api/v1/sessions/${sessionId}/stop`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ protocol: 'ocpp1.6', result: { status: 'Accepted' } });
      expect(received.at(-1)).toEqual({ action: 'RemoteStopTransaction', payload: { transactionId } });
      await station.call('StopTransaction', { transactionId, meterStop: 3000, timestamp: iso(), reason: 'Remote' });

      const ended = await api('GET', `/api/v1/sessions?stationId=${stationId}&status=ended`);
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({
        total: 1,
        items: [{ id: sessionId, status: 'Ended', energyWh: 2000, cost: null, stoppedReason: 'Remote' }],
      });
      expect((await api('GET', `/api/v1/sessions?stationId=${stationId}&status=active`)).body.total).toBe(0);
      expect((await api('GET', `/api/v1/sessions?stationId=${stationId}&from=${encodeURIComponent(iso(60_000))}`)).body.total).toBe(0);
      expect((await api('GET', `/api/v1/sessions?stationId=${stationId}&to=${encodeURIComponent(iso(60_000))}`)).body.total).toBe(1);
      // The token is unknown to the CSMS: the session carries that anomaly.
      const flagged = await api('GET', `/api/v1/sessions?stationId=${stationId}&anomalies=true`);
      expect(flagged.body.items.map((s: { id: string }) => s.id)).toEqual([sessionId]);
      expect(flagged.body.items[0].anomalies.length).toBeGreaterThan(0);
      expect((await api('GET', `/api/v1/sessions?anomalies=true&idTokenKey=nobody`)).body.total).toBe(0);
      // Stopping an ended session is a conflict; an unknown one is not found.
      expect((await api('POST', `/api/v1/sessions/${sessionId}/stop`)).status).toBe(409);
      expect((await api('POST', `/api/v1/sessions/${randomUUID()}/stop`)).status).toBe(404);
    });

    it('charging profiles: set (stored), same stack level and purpose replaces, clear by id removes', async () => {
      const profile = (id: number, limit: number) => ({
        chargingProfileId: id,
        stackLevel: 1,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
      });
      const set = await api('PUT', `/api/v1/stations/${stationId}/charging-profiles`, { connectorId: 1, chargingProfile: profile(71, 16) });
      expect(set.status).toBe(200);
      expect(received.at(-1)).toEqual({ action: 'SetChargingProfile', payload: { connectorId: 1, csChargingProfiles: profile(71, 16) } });
      await waitFor(async () => (await api('GET', `/api/v1/stations/${stationId}/charging-profiles`)).body.total === 1, {
        message: 'profile stored',
      });
      expect((await api('GET', `/api/v1/stations/${stationId}/charging-profiles/71`)).body).toMatchObject({
        profileId: 71,
        evseId: 1,
        stackLevel: 1,
        purpose: 'TxDefaultProfile',
      });

      expect(
        (await api('PUT', `/api/v1/stations/${stationId}/charging-profiles`, { connectorId: 1, chargingProfile: profile(72, 10) })).status,
      ).toBe(200);
      await waitFor(async () => (await api('GET', `/api/v1/stations/${stationId}/charging-profiles/71`)).status === 404, {
        message: 'profile replaced',
      });
      expect(
        (await api('GET', `/api/v1/stations/${stationId}/charging-profiles`)).body.items.map((p: { profileId: number }) => p.profileId),
      ).toEqual([72]);

      const clear = await api('DELETE', `/api/v1/stations/${stationId}/charging-profiles?chargingProfileId=72`);
      expect(clear.status).toBe(200);
      expect(received.at(-1)).toEqual({ action: 'ClearChargingProfile', payload: { id: 72 } });
      await waitFor(async () => (await api('GET', `/api/v1/stations/${stationId}/charging-profiles`)).body.total === 0, {
        message: 'profile cleared',
      });

      // A profile that does not fit the 1.6 schema is refused before it reaches the station.
      const count = received.length;
      const invalid = await api('PUT', `/api/v1/stations/${stationId}/charging-profiles`, {
        connectorId: 1,
        chargingProfile: { chargingProfileId: 1 },
      });
      expect(invalid.status).toBe(400);
      expect(invalid.headers.get('content-type')).toContain('application/problem+json');
      expect(received.length).toBe(count);
    });

    it('composite schedule: 200 with the answer, 502 on a CALLERROR, 504 without an answer', async () => {
      const ok = await api('GET', `/api/v1/stations/${stationId}/composite-schedule?duration=3600&connectorId=1&chargingRateUnit=W`);
      expect(ok.status).toBe(200);
      expect(received.at(-1)).toEqual({
        action: 'GetCompositeSchedule',
        payload: { connectorId: 1, duration: 3600, chargingRateUnit: 'W' },
      });
      answers.GetCompositeSchedule = 'error';
      const error = await api('GET', `/api/v1/stations/${stationId}/composite-schedule?duration=60`);
      expect(error.status).toBe(502);
      expect(error.body).toMatchObject({ status: 502, callError: { code: 'NotSupported' } });
      answers.GetCompositeSchedule = 'silent';
      const timeout = await api('GET', `/api/v1/stations/${stationId}/composite-schedule?duration=60&timeoutMs=1000`);
      expect(timeout.status).toBe(504);
      delete answers.GetCompositeSchedule;
    });

    it('raw typed endpoints for the session-owned 1.6 actions, with the official schema', async () => {
      const response = await api('POST', `/api/v1/stations/${stationId}/ocpp16/remote-stop-transaction`, { transactionId: 4242 });
      expect(response.status).toBe(200);
      expect(received.at(-1)).toEqual({ action: 'RemoteStopTransaction', payload: { transactionId: 4242 } });
      expect((await api('POST', `/api/v1/stations/${stationId}/ocpp16/remote-stop-transaction`, { transactionId: 'x' })).status).toBe(400);
      expect(
        (await api('POST', `/api/v1/stations/${stationId}/ocpp16/remote-stop-transaction`, { transactionId: 1, extra: true })).status,
      ).toBe(400);
      // The station speaks 1.6: a 2.0.1 payload does not fit.
      expect((await api('POST', `/api/v1/stations/${stationId}/ocpp201/request-stop-transaction`, { transactionId: 'abc' })).status).toBe(
        400,
      );
      expect((await api('GET', `/api/v1/stations/${stationId}/transactions/abc/status`)).status).toBe(400);
      const docs = (await (await fetch(`${harness.api.url}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(docs.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/stations/{id}/ocpp16/remote-start-transaction',
          '/api/v1/stations/{id}/ocpp201/request-start-transaction',
          '/api/v1/stations/{id}/ocpp21/get-charging-profiles',
          '/api/v1/sessions',
          '/api/v1/stations/{id}/meter-samples',
        ]),
      );
    });

    it('409 while the station is Pending, 409 offline, 400 for invalid bodies and queries, 403 for a read key', async () => {
      await harness.bootStatus.set(stationId, 'Pending');
      const count = received.length;
      const pending = await api('POST', `/api/v1/stations/${stationId}/remote-start`, { idToken: 'rs-tag-16' });
      expect(pending.status).toBe(409);
      expect(pending.body).toMatchObject({ bootStatus: 'Pending' });
      expect((await api('POST', `/api/v1/stations/${stationId}/remote-stop`, { transactionId })).status).toBe(409);
      expect(received.length).toBe(count);
      await harness.bootStatus.set(stationId, 'Accepted');

      const offline = await api('POST', `/api/v1/stations/${uniqueName('nowhere')}/remote-start`, { idToken: 'x' });
      expect(offline.status).toBe(409);
      expect(offline.body.detail).toMatch(/not connected/);

      expect((await api('POST', `/api/v1/stations/${stationId}/remote-start`, { idToken: 'x', colour: 'red' })).status).toBe(400);
      expect((await api('POST', `/api/v1/stations/${stationId}/remote-start`, {})).status).toBe(400);
      expect((await api('POST', `/api/v1/stations/${stationId}/remote-start`, { idToken: 'an-id-tag-longer-than-twenty' })).status).toBe(
        400,
      );
      expect((await api('POST', `/api/v1/stations/${stationId}/remote-start?timeoutMs=10`, { idToken: 'x' })).status).toBe(400);
      expect((await api('GET', `/api/v1/stations/${stationId}/composite-schedule`)).status).toBe(400);
      expect((await api('GET', '/api/v1/sessions?status=paused')).status).toBe(400);
      expect((await api('GET', '/api/v1/sessions?limit=0')).status).toBe(400);
      expect((await api('GET', '/api/v1/sessions?sort=startedAt')).status).toBe(400);
      expect((await api('POST', `/api/v1/stations/${stationId}/remote-start`, { idToken: 'x' }, harness.api.keys.read)).status).toBe(403);
      expect(received.length).toBe(count);
    });
  });

  describe('OCPP 2.0.1 station', () => {
    let station: TestStation;
    let stationId: string;
    let received: Received[];

    beforeAll(async () => {
      stationId = uniqueName('api201');
      station = await harness.connect(stationId, 'ocpp2.0.1', { bootStatus: 'Accepted' });
      received = playStation(station, { GetTransactionStatus: { messagesInQueue: false, ongoingIndicator: true } });
    });

    it('remote start: RequestStartTransaction with the generated remoteStartId; the TransactionEvent that echoes it is linked', async () => {
      const response = await api('POST', `/api/v1/stations/${stationId}/remote-start`, {
        idToken: { idToken: 'rs-tag-201', type: 'ISO14443' },
        evseId: 1,
      });
      expect(response.status).toBe(200);
      const remoteStartId = response.body.remoteStartId as number;
      expect(response.body).toEqual({ protocol: 'ocpp2.0.1', result: { status: 'Accepted' }, remoteStartId });
      expect(received.at(-1)).toEqual({
        action: 'RequestStartTransaction',
        payload: { remoteStartId, idToken: { idToken: 'rs-tag-201', type: 'ISO14443' }, evseId: 1 },
      });

      const transactionId = randomUUID();
      const answer = await station.call('TransactionEvent', {
        eventType: 'Started',
        timestamp: iso(),
        triggerReason: 'RemoteStart',
        seqNo: 0,
        transactionInfo: { transactionId, remoteStartId, chargingState: 'Charging' },
        evse: { id: 1, connectorId: 1 },
        idToken: { idToken: 'rs-tag-201', type: 'ISO14443' },
      });
      expect(answer[0]).toBe(3);
      const session = await service.sessions.findByTransaction(stationId, transactionId);
      expect(session?.remoteStartId).toBe(remoteStartId);
      await waitFor(async () => (await api('GET', `/api/v1/sessions/${session!.id}`)).body.remoteStart?.status === 'Accepted', {
        message: 'remote start linked',
      });
      expect((await api('GET', `/api/v1/sessions/${session!.id}`)).body.remoteStart).toMatchObject({
        sessionId: session!.id,
        transactionRef: transactionId,
        evseId: 1,
      });

      // Transaction status and remote stop with the station's string id.
      const status = await api('GET', `/api/v1/stations/${stationId}/transactions/${transactionId}/status`);
      expect(status.body).toEqual({ protocol: 'ocpp2.0.1', result: { messagesInQueue: false, ongoingIndicator: true } });
      expect(received.at(-1)).toEqual({ action: 'GetTransactionStatus', payload: { transactionId } });
      expect((await api('POST', `/api/v1/stations/${stationId}/remote-stop`, { transactionId })).status).toBe(200);
      expect(received.at(-1)).toEqual({ action: 'RequestStopTransaction', payload: { transactionId } });
      const active = await api(
        'GET',
        `/api/v1/sessions?stationId=${stationId}&status=active&idTokenKey=${encodeURIComponent(session!.idTokenKey ?? '')}`,
      );
      expect(active.body.items.map((s: { id: string }) => s.id)).toEqual([session!.id]);
    });

    it('reservations: ReserveNow with a generated id is stored with its answer; CancelReservation marks it cancelled', async () => {
      const expiresAt = iso(3_600_000);
      const created = await api('POST', `/api/v1/stations/${stationId}/reservations`, { idToken: 'res-tag', expiresAt, evseId: 1 });
      expect(created.status).toBe(200);
      const reservationId = created.body.reservationId as number;
      expect(received.at(-1)).toEqual({
        action: 'ReserveNow',
        payload: { id: reservationId, expiryDateTime: expiresAt, idToken: { idToken: 'res-tag', type: 'Central' }, evseId: 1 },
      });
      await waitFor(async () => (await api('GET', `/api/v1/stations/${stationId}/reservations/${reservationId}`)).status === 200, {
        message: 'reservation stored',
      });
      expect((await api('GET', `/api/v1/stations/${stationId}/reservations/${reservationId}`)).body).toMatchObject({
        status: 'Accepted',
        idToken: 'res-tag',
        evseId: 1,
        expiresAt: new Date(expiresAt).toISOString(),
      });
      expect((await api('GET', `/api/v1/reservations?stationId=${stationId}&status=Accepted`)).body.total).toBe(1);

      const cancelled = await api('DELETE', `/api/v1/stations/${stationId}/reservations/${reservationId}`);
      expect(cancelled.status).toBe(200);
      expect(received.at(-1)).toEqual({ action: 'CancelReservation', payload: { reservationId } });
      await waitFor(
        async () => (await api('GET', `/api/v1/stations/${stationId}/reservations/${reservationId}`)).body.status === 'Cancelled',
        { message: 'reservation cancelled' },
      );
      expect((await api('POST', `/api/v1/stations/${stationId}/reservations`, { idToken: 'res-tag' })).status).toBe(400);
    });

    it('charging profiles in the 2.0.1 schema: set, reported (GetChargingProfiles), cleared by criteria; composite schedule by EVSE', async () => {
      const chargingProfile = {
        id: 501,
        stackLevel: 0,
        chargingProfilePurpose: 'ChargingStationMaxProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 22000 }] }],
      };
      expect((await api('PUT', `/api/v1/stations/${stationId}/charging-profiles`, { evseId: 0, chargingProfile })).status).toBe(200);
      expect(received.at(-1)).toEqual({ action: 'SetChargingProfile', payload: { evseId: 0, chargingProfile } });
      await waitFor(async () => (await api('GET', `/api/v1/stations/${stationId}/charging-profiles/501`)).status === 200, {
        message: 'profile stored',
      });

      const reported = await api('GET', `/api/v1/stations/${stationId}/charging-profiles/reported?purpose=ChargePointMaxProfile`);
      expect(reported.status).toBe(200);
      expect(received.at(-1)).toEqual({
        action: 'GetChargingProfiles',
        payload: { requestId: reported.body.requestId, chargingProfile: { chargingProfilePurpose: 'ChargingStationMaxProfile' } },
      });

      expect(
        (await api('DELETE', `/api/v1/stations/${stationId}/charging-profiles?purpose=ChargingStationMaxProfile&evseId=0`)).status,
      ).toBe(200);
      expect(received.at(-1)).toEqual({
        action: 'ClearChargingProfile',
        payload: { chargingProfileCriteria: { evseId: 0, chargingProfilePurpose: 'ChargingStationMaxProfile' } },
      });
      await waitFor(async () => (await api('GET', `/api/v1/stations/${stationId}/charging-profiles`)).body.total === 0, {
        message: 'profile cleared',
      });

      expect((await api('GET', `/api/v1/stations/${stationId}/composite-schedule?duration=600&evseId=1`)).status).toBe(200);
      expect(received.at(-1)).toEqual({ action: 'GetCompositeSchedule', payload: { duration: 600, evseId: 1 } });
    });
  });
});
