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
    await csms.waitFor(() => csms.fromStations(station.id, 'StatusNotification').length === 1, 2_000, 'triggered status while Pending');
    csms.bootStatus = 'Accepted';
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'accepted on retry');
    expect(csms.fromStations(station.id, 'BootNotification')).toHaveLength(2);
  });

  it('times out an unanswered CALL and carries on with the next one', async () => {
    csms.ignore.add('Heartbeat');
    const { station, stats } = start(csms.url, 'ocpp2.1', { callTimeoutMs: 200 });
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'boot');
    await expect(station.call('Heartbeat', {})).rejects.toThrow('no answer in time');
    expect(stats.timeouts).toBe(1);
    await expect(station.call('DataTransfer', { vendorId: 'x' })).resolves.toEqual({ status: 'Accepted' });
    expect(stats.latency.count).toBeGreaterThanOrEqual(2);
  });

  it('keeps one CALL outstanding at a time, queueing the rest', async () => {
    csms.answerDelayMs = 30;
    const { station } = start(csms.url, 'ocpp1.6');
    await csms.waitFor(() => station.bootState === 'Accepted', 3_000, 'boot');
    await Promise.all(Array.from({ length: 10 }, () => station.call('Heartbeat', {})));
    expect(csms.maxStationOutstanding).toBe(1);
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
