import { FakeCsms } from '../../test/fake-csms';
import { aStation } from '../../test/station-harness';
import { OCPP16_GROUPS } from './command-handlers/ocpp16/handler-table';
import { OCPP2_GROUPS } from './command-handlers/ocpp2/handler-table';
import { actionsOf, allowsDirection, actionInfo } from '@voltlane/ocpp';
import type { Station } from './station';
import type { Scheduler } from '../scheduling/scheduler';

describe('Station connection behaviour', () => {
  let csms: FakeCsms;
  const running: { station: Station; scheduler: Scheduler }[] = [];

  beforeEach(async () => {
    csms = await FakeCsms.start();
  });

  afterEach(async () => {
    for (const { station, scheduler } of running.splice(0)) {
      await station.stop();
      scheduler.stop();
    }
    await csms.close();
  });

  function start(...args: Parameters<typeof aStation>) {
    const made = aStation(...args);
    running.push(made);
    made.station.start();
    return made;
  }

  it('reconnects with back-off after a drop and does not boot again by default', async () => {
    const { station, stats } = start(csms.url, 'ocpp1.6');
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'boot');
    csms.drop(station.id);
    await csms.waitFor(() => stats.reconnects === 1 && station.connected, 3_000, 'reconnect');
    station.sendHeartbeat();
    await csms.waitFor(() => csms.fromStations(station.id, 'Heartbeat').length === 1, 2_000, 'heartbeat after reconnect');
    expect(csms.fromStations(station.id, 'BootNotification')).toHaveLength(1);
  });

  it('boots again after a reconnect when configured', async () => {
    const { station, stats } = start(csms.url, 'ocpp2.0.1', { bootOnReconnect: true });
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'boot');
    csms.drop(station.id);
    await csms.waitFor(() => csms.fromStations(station.id, 'BootNotification').length === 2, 3_000, 'second boot');
    expect(stats.reconnects).toBe(1);
  });

  it('retries a Pending boot after its interval, sends only triggered messages meanwhile', async () => {
    csms.bootStatus = 'Pending';
    csms.bootInterval = 1;
    const { station } = start(csms.url, 'ocpp1.6');
    await csms.waitFor(() => station.bootState === 'Pending', 3_000, 'pending');
    await new Promise((r) => setTimeout(r, 200));
    expect(csms.fromStations(station.id, 'StatusNotification')).toHaveLength(0);
    const answer = await csms.call(station.id, 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 });
    expect(answer[2]).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => csms.fromStations(station.id, 'StatusNotification').length >= 1, 2_000, 'triggered status while Pending');
    csms.bootStatus = 'Accepted';
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'accepted on retry');

    // The whole exchange up to the Accepted answer, in order. Usually one Pending boot and one
    // Accepted; a stalled test may see more Pending retries (one per interval) before it accepts.
    const frames = csms.frames.filter((r) => r.stationId === station.id);
    const answerTo = (id: unknown) => frames.findIndex((r) => r.direction === 'toStation' && r.frame[0] === 3 && r.frame[1] === id);
    const boots = frames.flatMap((r, i) => (r.direction === 'toCsms' && r.frame[2] === 'BootNotification' ? [i] : []));
    const answers = boots.map((i) => answerTo(frames[i].frame[1]));
    const statuses = answers.map((i) => (frames[i]?.frame[2] as { status?: string } | undefined)?.status);
    expect(boots.length).toBeGreaterThanOrEqual(2);
    expect(statuses).toEqual([...boots.slice(1).map(() => 'Pending'), 'Accepted']);
    // Each retry waits at least the interval after the Pending answer (both stamped by the CSMS).
    for (let n = 1; n < boots.length; n++) {
      expect(frames[boots[n]].at - frames[answers[n - 1]].at).toBeGreaterThanOrEqual(csms.bootInterval * 1000);
    }
    // Until accepted, the station sent boots and the one triggered StatusNotification, after the trigger.
    const accepted = answers[answers.length - 1];
    const trigger = frames.findIndex((r) => r.direction === 'toStation' && r.frame[2] === 'TriggerMessage');
    const sentWhilePending = frames.slice(0, accepted).flatMap((r, i) => (r.direction === 'toCsms' && r.frame[0] === 2 ? [i] : []));
    const nonBoot = sentWhilePending.filter((i) => frames[i].frame[2] !== 'BootNotification');
    expect(nonBoot.map((i) => [frames[i].frame[2], frames[i].frame[3]])).toEqual([
      ['StatusNotification', expect.objectContaining({ connectorId: 1 })],
    ]);
    expect(nonBoot[0]).toBeGreaterThan(trigger);
  });

  it('times out an unanswered CALL and carries on with the next one', async () => {
    // DataTransfer, which the station never sends on its own: an ignored Heartbeat also caught the
    // station's own heartbeat when a loaded machine made the boot take long enough for one.
    csms.ignore.add('DataTransfer');
    // 1 s: long enough that the answered CALLs around it (boot, statuses) never time out on a loaded
    // CI machine (200 ms did once: two time-outs counted); counted from after the boot.
    const { station, stats } = start(csms.url, 'ocpp2.1', { callTimeoutMs: 1_000 });
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'boot');
    const before = stats.timeouts;
    await expect(station.call('DataTransfer', { vendorId: 'x' })).rejects.toThrow('no answer in time');
    expect(stats.timeouts).toBe(before + 1);
    await expect(station.call('Heartbeat', {})).resolves.toEqual({ currentTime: expect.any(String) });
    expect(stats.latency.count).toBeGreaterThanOrEqual(2);
  });

  it('keeps one CALL outstanding at a time, queueing the rest', async () => {
    csms.answerDelayMs = 30;
    const { station } = start(csms.url, 'ocpp1.6');
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'boot');
    await Promise.all(Array.from({ length: 10 }, () => station.call('Heartbeat', {})));
    expect(csms.maxStationOutstanding).toBe(1);
  });

  it('retries a transaction message after a CALLERROR until accepted; later samples wait and carry the 1.6 transactionId', async () => {
    csms.failNext.set('StartTransaction', 2);
    csms.failNext.set('MeterValues', 1);
    const { station, stats } = start(csms.url, 'ocpp1.6', {
      sampleIntervalS: 0.05,
      sessionSeconds: 60,
      transactionRetry: { attempts: 5, intervalMs: 100 },
    });
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'boot');
    expect(station.behaviour.startSession({ connectorId: 1, preAuthorized: true })).toBe(true);
    await csms.waitFor(() => csms.fromStations(station.id, 'MeterValues').length >= 3, 5_000, 'samples after the start');
    const starts = csms.fromStations(station.id, 'StartTransaction');
    expect(starts).toHaveLength(3);
    expect(new Set(starts.map((f) => JSON.stringify(f[3]))).size).toBe(1); // the same request each time
    const samples = csms
      .fromStations(station.id, 'MeterValues')
      .map((f) => f[3] as { transactionId?: number; meterValue: { timestamp: string }[] });
    // Sampled while the start was still failing, yet sent after its answer: every one names the transaction.
    expect(samples.every((p) => p.transactionId === 1)).toBe(true);
    expect(samples[0].meterValue[0].timestamp).toBe(samples[1].meterValue[0].timestamp); // the failed sample, sent again
    expect(stats.transactionRetries).toBe(3);
  });

  it('gives a transaction message up after its attempts, and never retries other CALLs', async () => {
    csms.failNext.set('StopTransaction', 10);
    csms.failNext.set('Heartbeat', 1);
    const { station, stats } = start(csms.url, 'ocpp1.6', { transactionRetry: { attempts: 2, intervalMs: 50 } });
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'boot');
    await expect(station.call('Heartbeat', {})).rejects.toThrow('InternalError');
    await expect(station.call('StopTransaction', { transactionId: 5, meterStop: 10, timestamp: new Date().toISOString() })).rejects.toThrow(
      'InternalError',
    );
    expect(csms.fromStations(station.id, 'StopTransaction')).toHaveLength(2);
    expect(csms.fromStations(station.id, 'Heartbeat')).toHaveLength(1);
    expect(stats.transactionRetries).toBe(1);
  });

  it('sends the stop of a session that was already ending when the station shuts down', async () => {
    csms.answerDelayMs = 100;
    const { station } = start(csms.url, 'ocpp2.0.1', { sessionSeconds: 60 });
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'boot');
    station.behaviour.startSession({ connectorId: 1, preAuthorized: true });
    await csms.waitFor(() => csms.fromStations(station.id, 'TransactionEvent').length === 1, 3_000, 'Started');
    const ocpp2 = station.behaviour as unknown as { engine: { stop(connectorId: number, cause: string): Promise<boolean> } };
    void ocpp2.engine.stop(1, 'EVDisconnected'); // ending on its own: its Ended is still queued
    await station.stop(true);
    const events = csms.fromStations(station.id, 'TransactionEvent').map((f) => (f[3] as { eventType: string }).eventType);
    expect(events).toEqual(['Started', 'Ended']);
  });

  it('sends Basic auth with the station id as user name', async () => {
    const { station } = start(csms.url, 'ocpp1.6', { password: 'a-long-enough-password' });
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'boot');
    expect(station.options.securityProfile).toBe(1);
  });
});

describe('command handler tables', () => {
  it.each([
    ['ocpp1.6', OCPP16_GROUPS],
    ['ocpp2.0.1', OCPP2_GROUPS],
    ['ocpp2.1', OCPP2_GROUPS],
  ] as const)('%s: each action has exactly one handler, and each is a CSMS→station action', (version, groups) => {
    const actions = groups.flatMap((g) => Object.keys(g));
    expect(new Set(actions).size).toBe(actions.length);
    for (const action of actions) {
      const info = actionInfo(version, action);
      expect(info && allowsDirection(info, 'CsmsToStation')).toBe(true);
    }
    expect(actionsOf(version).length).toBeGreaterThan(actions.length);
  });
});
