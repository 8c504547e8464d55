import { randomUUID } from 'node:crypto';
import { parseSessionLifecycleEvent, type CustomerTokenSnapshot, type SessionLifecycleEvent } from '@voltlane/contracts';
import { createServiceMetricsRegistry } from '@voltlane/service-kit';
import { parseExposition, sampleValue, uniqueName, waitFor } from '@voltlane/testing';
import { ServiceHarness, type FakeStation } from '@voltlane/testing/medium';
import { startSessionService, type SessionServiceHandle } from '../src';

// The session-service alone on the in-process ports and its own PostgreSQL schema. Tokens reach its
// read model the production way: snapshots on customers.tokens.v1 (published here, as the
// customer-service would).
describe('session-service (medium)', () => {
  let harness: ServiceHarness<SessionServiceHandle>;
  let service: SessionServiceHandle;
  let revision = 0;

  beforeAll(async () => {
    harness = await ServiceHarness.start({ start: startSessionService, service: 'session-service' });
    service = harness.service;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  async function addToken(idToken: string, overrides: Partial<CustomerTokenSnapshot> = {}): Promise<string> {
    const type = overrides.type ?? 'ISO14443';
    const snapshot: CustomerTokenSnapshot = {
      key: `${type}:${idToken.toUpperCase()}`,
      idTagKey: idToken.toUpperCase(),
      idToken,
      type,
      status: 'Accepted',
      revision: ++revision,
      deleted: false,
      updatedAt: new Date().toISOString(),
      ...overrides,
    };
    await harness.publish('CustomerTokens', snapshot.key, snapshot);
    await waitFor(async () => (await service.tokens.find(snapshot.key)) !== null, { message: `token ${snapshot.key} in the read model` });
    return snapshot.key;
  }

  function lifecycle(sessionId: string): SessionLifecycleEvent[] {
    return harness
      .records('SessionLifecycle')
      .map((m) => parseSessionLifecycleEvent(JSON.parse(m.value)))
      .filter((e) => e.sessionId === sessionId);
  }

  async function answer(station: FakeStation, action: string, payload: unknown): Promise<Record<string, unknown>> {
    const frame = await station.call(action, payload);
    expect(frame[0]).toBe(3);
    return frame[2] as Record<string, unknown>;
  }

  const iso = (offsetMs = 0): string => new Date(Date.now() + offsetMs).toISOString();

  describe('OCPP 1.6', () => {
    let station: FakeStation;
    let stationId: string;

    beforeAll(async () => {
      stationId = uniqueName('cs16');
      station = await harness.connect(stationId, 'ocpp1.6', { bootStatus: 'Accepted' });
    });

    it('Start → Stop: a positive id, the idTag re-checked, energy = meterStop − meterStart stored and published', async () => {
      const key = await addToken('Tag-Ok-1');
      const start = { connectorId: 1, idTag: 'tag-ok-1', meterStart: 1000, timestamp: iso(-60_000) };
      const started = await answer(station, 'StartTransaction', start);
      expect(started.idTagInfo).toEqual({ status: 'Accepted' });
      const transactionId = started.transactionId as number;
      expect(Number.isInteger(transactionId) && transactionId > 0).toBe(true);

      // A retried StartTransaction (same payload, new message id) gets the same id.
      expect(await answer(station, 'StartTransaction', start)).toEqual(started);

      const stopped = await answer(station, 'StopTransaction', {
        transactionId,
        meterStop: 4500,
        timestamp: iso(),
        reason: 'EVDisconnected',
      });
      expect(stopped).toEqual({});
      const session = await service.sessions.findByTransaction(stationId, transactionId);
      expect(session).toMatchObject({
        protocol: 'ocpp1.6',
        status: 'Ended',
        idTokenKey: key,
        connectorId: 1,
        meterStartWh: 1000,
        meterStopWh: 4500,
        energyWh: 3500,
        stoppedReason: 'EVDisconnected',
        anomalies: [],
      });
      expect(await service.sessions.list({ stationId, idTokenKey: key })).toHaveLength(1);

      await waitFor(() => lifecycle(session!.id).some((e) => e.type === 'Ended'), { message: 'Ended published' });
      const events = lifecycle(session!.id);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
      expect(events.find((e) => e.type === 'Started')).toMatchObject({
        transactionRef: String(transactionId),
        idTokenKey: key,
        meterStartWh: 1000,
      });
      expect(events.find((e) => e.type === 'Ended')).toMatchObject({
        meterStopWh: 4500,
        energyWh: 3500,
        stoppedReason: 'EVDisconnected',
        anomalies: [],
      });

      // The same stop again is answered and changes nothing.
      expect(
        await answer(station, 'StopTransaction', {
          transactionId,
          meterStop: 4500,
          timestamp: session!.endedAt!.toISOString(),
          reason: 'EVDisconnected',
        }),
      ).toEqual({});
      expect((await service.sessions.findById(session!.id))?.anomalies).toEqual([]);
    });

    it.each([
      ['an unknown transaction id', 987_654_321],
      ['transactionId -1', -1],
    ])('a StopTransaction for %s is answered and recorded as an anomaly', async (_name, transactionId) => {
      const stopped = await answer(station, 'StopTransaction', { transactionId, meterStop: 777, timestamp: iso(), idTag: 'tag-ok-1' });
      expect(stopped).toEqual({ idTagInfo: { status: 'Accepted' } });
      const session = await service.sessions.findByTransaction(stationId, transactionId);
      expect(session).toMatchObject({ status: 'Ended', meterStopWh: 777, energyWh: 0 });
      expect(session!.anomalies.map((a) => a.code)).toEqual(['UnknownTransaction', 'StartMissing']);
    });

    it('a stop for an already stopped transaction with other values is answered and flagged', async () => {
      const started = await answer(station, 'StartTransaction', {
        connectorId: 2,
        idTag: 'tag-ok-1',
        meterStart: 0,
        timestamp: iso(-5_000),
      });
      const transactionId = started.transactionId as number;
      await answer(station, 'StopTransaction', { transactionId, meterStop: 100, timestamp: iso(-1_000) });
      expect(await answer(station, 'StopTransaction', { transactionId, meterStop: 150, timestamp: iso() })).toEqual({});
      const session = await service.sessions.findByTransaction(stationId, transactionId);
      expect(session).toMatchObject({ meterStopWh: 100, energyWh: 100 });
      expect(session!.anomalies.map((a) => a.code)).toEqual(['AlreadyStopped']);
    });

    it('an offline StartTransaction replayed with an unknown idTag creates a flagged session and answers Invalid', async () => {
      const started = await answer(station, 'StartTransaction', {
        connectorId: 3,
        idTag: 'NEVER-SEEN',
        meterStart: 50,
        timestamp: iso(-2 * 3600_000),
      });
      expect(started.idTagInfo).toEqual({ status: 'Invalid' });
      const transactionId = started.transactionId as number;
      expect(transactionId).toBeGreaterThan(0);
      const session = await service.sessions.findByTransaction(stationId, transactionId);
      expect(session).toMatchObject({ status: 'Active', authStatus: 'Invalid', meterStartWh: 50 });
      expect(session!.anomalies).toEqual([{ code: 'IdTokenNotAccepted', detail: 'Invalid' }]);
      await waitFor(() => lifecycle(session!.id).some((e) => e.type === 'Started'));
      expect(lifecycle(session!.id)[0].anomalies).toEqual(['IdTokenNotAccepted']);

      // The station stops it (DeAuthorized): energy is kept.
      await answer(station, 'StopTransaction', {
        transactionId,
        meterStop: 80,
        timestamp: iso(-2 * 3600_000 + 60_000),
        reason: 'DeAuthorized',
      });
      expect(await service.sessions.findByTransaction(stationId, transactionId)).toMatchObject({ status: 'Ended', energyWh: 30 });
    });

    it('a second concurrent session of a token limited to one is answered ConcurrentTx (and still recorded)', async () => {
      await addToken('ONE-AT-A-TIME', { maxActiveSessions: 1 });
      const first = await answer(station, 'StartTransaction', {
        connectorId: 4,
        idTag: 'one-at-a-time',
        meterStart: 0,
        timestamp: iso(-1_000),
      });
      expect(first.idTagInfo).toEqual({ status: 'Accepted' });
      const second = await answer(station, 'StartTransaction', { connectorId: 5, idTag: 'ONE-AT-A-TIME', meterStart: 0, timestamp: iso() });
      expect(second.idTagInfo).toEqual({ status: 'ConcurrentTx' });
      expect(second.transactionId).not.toBe(first.transactionId);
      const session = await service.sessions.findByTransaction(stationId, second.transactionId as number);
      expect(session!.anomalies).toEqual([{ code: 'IdTokenNotAccepted', detail: 'ConcurrentTx' }]);
    });

    it('a timestamp in the future and a meter that went backwards are anomalies, still answered', async () => {
      const started = await answer(station, 'StartTransaction', {
        connectorId: 6,
        idTag: 'tag-ok-1',
        meterStart: 900,
        timestamp: iso(3600_000),
      });
      const transactionId = started.transactionId as number;
      await answer(station, 'StopTransaction', { transactionId, meterStop: 800, timestamp: iso(3600_000 + 1_000) });
      const session = await service.sessions.findByTransaction(stationId, transactionId);
      expect(session).toMatchObject({ energyWh: 0, meterStopWh: 800 });
      expect(session!.anomalies.map((a) => a.code)).toEqual(['TimestampInFuture', 'TimestampInFuture', 'MeterDecreased']);
      expect(session!.anomalies.map((a) => a.detail?.split(' ')[0])).toEqual(['start', 'stop', '900']);
    });
  });

  describe('OCPP 2.0.1', () => {
    let station: FakeStation;
    let stationId: string;

    beforeAll(async () => {
      stationId = uniqueName('cs201');
      station = await harness.connect(stationId, 'ocpp2.0.1', { bootStatus: 'Accepted' });
    });

    const meter = (wh: number, at: string) => [
      {
        timestamp: at,
        sampledValue: [{ value: wh, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh', multiplier: 0 } }],
      },
    ];
    const event = (transactionId: string, eventType: string, seqNo: number, at: string, extra: Record<string, unknown> = {}) => ({
      eventType,
      timestamp: at,
      triggerReason: eventType === 'Started' ? 'Authorized' : eventType === 'Ended' ? 'EVCommunicationLost' : 'MeterValuePeriodic',
      seqNo,
      evse: { id: 1, connectorId: 1 },
      ...extra,
      transactionInfo: { transactionId, ...((extra.transactionInfo as object | undefined) ?? {}) },
    });

    it('Started/Updated/Ended with meter values, an Updated after the Ended, idTokenInfo in the answer', async () => {
      const key = await addToken('TOK-201');
      const tx = randomUUID();
      const t0 = Date.now() - 30 * 60_000;
      const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
      const startedAnswer = await answer(
        station,
        'TransactionEvent',
        event(tx, 'Started', 0, at(0), {
          idToken: { idToken: 'tok-201', type: 'ISO14443' },
          meterValue: meter(10, at(0)),
          transactionInfo: { chargingState: 'Charging' },
        }),
      );
      expect(startedAnswer).toEqual({ idTokenInfo: { status: 'Accepted' } });
      expect(await answer(station, 'TransactionEvent', event(tx, 'Updated', 1, at(10), { meterValue: meter(11.5, at(10)) }))).toEqual({});
      const ended = event(tx, 'Ended', 3, at(20), {
        meterValue: meter(13, at(20)),
        transactionInfo: { chargingState: 'EVConnected', stoppedReason: 'EVDisconnected' },
      });
      expect(await answer(station, 'TransactionEvent', ended)).toEqual({});
      // seqNo 2 arrives after the Ended: tolerated, never re-opens the session.
      expect(
        await answer(
          station,
          'TransactionEvent',
          event(tx, 'Updated', 2, at(15), { meterValue: meter(12, at(15)), transactionInfo: { chargingState: 'SuspendedEV' } }),
        ),
      ).toEqual({});
      // A re-delivered Ended changes nothing.
      expect(await answer(station, 'TransactionEvent', ended)).toEqual({});

      const session = await service.sessions.findByTransaction(stationId, tx);
      expect(session).toMatchObject({
        protocol: 'ocpp2.0.1',
        status: 'Ended',
        idTokenKey: key,
        evseId: 1,
        connectorId: 1,
        meterStartWh: 10_000,
        meterStopWh: 13_000,
        energyWh: 3000,
        stoppedReason: 'EVDisconnected',
        lastSeqNo: 3,
        chargingSeconds: 15 * 60,
        idleSeconds: 5 * 60,
      });
      expect(session!.anomalies.map((a) => a.code)).toEqual(['OutOfOrder', 'EventAfterEnded']);

      await waitFor(() => lifecycle(session!.id).some((e) => e.type === 'Ended'), { message: 'Ended published' });
      const events = lifecycle(session!.id);
      expect(events.map((e) => e.type)).toEqual(['Started', 'Updated', 'Ended']);
      expect(events[1]).toMatchObject({ energyWh: 1500 });
      // At the time of the Ended seqNo 2 was missing: the published Ended says so.
      expect(events[2]).toMatchObject({
        energyWh: 3000,
        meterStopWh: 13_000,
        stoppedReason: 'EVDisconnected',
        idTokenKey: key,
        anomalies: ['SeqNoGap'],
      });
    });

    it('a gap that never closes is recorded; an unknown idToken is answered Unknown', async () => {
      const tx = randomUUID();
      const started = await answer(
        station,
        'TransactionEvent',
        event(tx, 'Started', 0, iso(-60_000), { idToken: { idToken: 'nobody', type: 'ISO14443' }, meterValue: meter(1, iso(-60_000)) }),
      );
      expect(started).toEqual({ idTokenInfo: { status: 'Unknown' } });
      await answer(station, 'TransactionEvent', event(tx, 'Ended', 4, iso(), { meterValue: meter(2, iso()) }));
      const session = await service.sessions.findByTransaction(stationId, tx);
      expect(session).toMatchObject({ status: 'Ended', energyWh: 1000 });
      expect(session!.anomalies).toEqual([
        { code: 'IdTokenNotAccepted', detail: 'Unknown' },
        { code: 'SeqNoGap', detail: 'missing 1..3' },
      ]);
    });

    it('an Ended before its Started creates and ends the session, published once', async () => {
      const tx = randomUUID();
      await answer(station, 'TransactionEvent', event(tx, 'Ended', 1, iso(), { meterValue: meter(5, iso()) }));
      await answer(station, 'TransactionEvent', event(tx, 'Started', 0, iso(-60_000), { meterValue: meter(4, iso(-60_000)) }));
      const session = await service.sessions.findByTransaction(stationId, tx);
      expect(session).toMatchObject({ status: 'Ended', meterStartWh: 4000, energyWh: 1000 });
      await waitFor(() => lifecycle(session!.id).length >= 2);
      expect(lifecycle(session!.id).map((e) => e.type)).toEqual(['Started', 'Ended']);
    });

    it('ReservationStatusUpdate is stored; a reservationId in a TransactionEvent marks it used', async () => {
      expect(await answer(station, 'ReservationStatusUpdate', { reservationId: 41, reservationUpdateStatus: 'Expired' })).toEqual({});
      expect(await service.sessions.reservation(stationId, 41)).toMatchObject({ status: 'Expired' });
      const tx = randomUUID();
      await answer(station, 'TransactionEvent', event(tx, 'Started', 0, iso(), { reservationId: 42 }));
      const session = await service.sessions.findByTransaction(stationId, tx);
      expect(await service.sessions.reservation(stationId, 42)).toMatchObject({ status: 'Used', sessionId: session!.id });
    });

    it('acknowledges ReportChargingProfiles and stores it (the limit and ISO 15118 notifications are the energy-service’s)', async () => {
      const report = {
        requestId: 7,
        chargingLimitSource: 'CSO',
        evseId: 1,
        chargingProfile: [
          {
            id: 900001,
            stackLevel: 1,
            chargingProfilePurpose: 'TxDefaultProfile',
            chargingProfileKind: 'Relative',
            chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }],
          },
        ],
      };
      expect(await answer(station, 'ReportChargingProfiles', report)).toEqual({});
      const reports = await service.sessions.chargingReports(stationId);
      expect(reports.map((r) => r.action)).toEqual(['ReportChargingProfiles']);
      expect(reports[0].payload).toEqual(report);
      expect(service.dispatcher?.answers('ocpp2.0.1')).not.toContain('NotifyEVChargingNeeds');
    });
  });

  it('reports the outbox backlog: rows Kafka has not taken, and the age of the oldest, until the relay publishes them', async () => {
    const registry = createServiceMetricsRegistry(service);
    const scrape = async () => parseExposition(await registry.metrics());
    expect(sampleValue(await scrape(), 'voltlane_outbox_pending_records', { service: 'session-service' })).toBe(0);
    // Two events a failed publish left behind, two minutes ago.
    for (const id of [randomUUID(), randomUUID()]) {
      await harness.query(
        `INSERT INTO outbox (event_id, topic, key, value, created_at) VALUES ($1, $2, 'CS-OUTBOX', '{}', now() - interval '2 minutes')`,
        [id, harness.topics.SessionLifecycle],
      );
    }
    const backlog = await scrape();
    expect(sampleValue(backlog, 'voltlane_outbox_pending_records', { service: 'session-service' })).toBe(2);
    expect(sampleValue(backlog, 'voltlane_outbox_oldest_pending_age_seconds', { service: 'session-service' })).toBeGreaterThanOrEqual(120);
    // The next change's flush publishes everything pending, oldest first.
    const station = await harness.connect(uniqueName('cs-outbox'), 'ocpp2.0.1', { bootStatus: 'Accepted' });
    await answer(station, 'TransactionEvent', {
      eventType: 'Started',
      timestamp: iso(),
      triggerReason: 'CablePluggedIn',
      seqNo: 0,
      transactionInfo: { transactionId: randomUUID() },
      evse: { id: 1, connectorId: 1 },
    });
    await waitFor(async () => sampleValue(await scrape(), 'voltlane_outbox_pending_records', { service: 'session-service' }) === 0, {
      message: 'outbox published',
    });
    expect(sampleValue(await scrape(), 'voltlane_outbox_oldest_pending_age_seconds', { service: 'session-service' })).toBe(0);
  });
});
