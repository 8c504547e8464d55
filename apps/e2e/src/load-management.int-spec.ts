import { parseEnergyAllocation } from '@voltlane/contracts';
import type { CustomerServiceHandle } from '@voltlane/customer-service';
import { ocppValidator, type OcppVersion } from '@voltlane/ocpp';
import { FleetStats, Scheduler, Station, stationOptions } from '@voltlane/simulator';
import { waitFor } from '@voltlane/testing';
import { STATION_PASSWORD, StackHarness } from './stack-harness';
import { TcpLink } from './tcp-link';
import { profileSummary } from './load-management/profile-summary';
import { alignedPhaseReadings, siteCurrents, type SiteCurrent } from './load-management/site-currents';

/**
 * Load management on the real stack (issue #20): twelve EVSEs of six simulated stations (OCPP 1.6 and
 * 2.0.1, 1- and 3-phase vehicles, three phase rotations) behind one 63 A three-phase grid connection
 * with a 40 A circuit inside it. Sessions come and go; the grid operator drops the limit to 32 A; a
 * station reboots; another loses its connection for a while and charges on under the profiles it
 * holds. The sum of the per-phase currents the stations report in clock-aligned MeterValues (every
 * station reads at the same instants) must never exceed the limit in force once one meter interval
 * has passed since the limit changed.
 */
// A 5 s interval: a limit change has one interval to reach every station through the real stack,
// which on a loaded 2-core CI machine (three test files side by side) a 3 s interval did not always give.
const METER_INTERVAL_S = 5;
const SETTLE_MS = METER_INTERVAL_S * 1000;
const SITE = 'lm-site';

interface SimStation {
  id: string;
  protocol: OcppVersion;
  rotation?: 'RST' | 'STR' | 'TRS';
  phases: (1 | 3)[];
  circuit: boolean;
  viaLink?: boolean;
}

const STATIONS: SimStation[] = [
  { id: 'lm-cs1', protocol: 'ocpp1.6', phases: [1, 3], circuit: true },
  { id: 'lm-cs2', protocol: 'ocpp1.6', rotation: 'STR', phases: [3, 1], circuit: true },
  { id: 'lm-cs3', protocol: 'ocpp2.0.1', rotation: 'TRS', phases: [1, 1], circuit: true },
  { id: 'lm-cs4', protocol: 'ocpp2.0.1', phases: [3, 3], circuit: false },
  { id: 'lm-cs5', protocol: 'ocpp1.6', rotation: 'TRS', phases: [1, 3], circuit: false },
  { id: 'lm-cs6', protocol: 'ocpp2.0.1', rotation: 'STR', phases: [3, 1], circuit: false, viaLink: true },
];

describe('load management: a 63 A site whose limits hold through churn, a limit drop, a reboot and a lost connection', () => {
  let harness: StackHarness;
  let link: TcpLink;
  const scheduler = new Scheduler();
  const stats = new FleetStats();
  const stations = new Map<string, Station>();
  /** SetChargingProfile requests each station received, with when. */
  const profilesReceived: { stationId: string; at: number; payload: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'energy'],
      api: true,
      serviceEnv: {
        STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
        ENERGY_SERVICE_PLAN_INTERVAL_S: '5',
        ENERGY_SERVICE_REPLAN_DEBOUNCE_MS: '100',
      },
    });
    link = new TcpLink(harness.gateway.ports[0]);
    await link.listen();
    const tokens = (harness.service('customer') as CustomerServiceHandle).tokens;
    const customer = await tokens.createCustomer({ name: 'Load Co' });
    for (const s of STATIONS) await tokens.createToken({ idToken: tagOf(s.id), type: 'ISO14443', customerId: customer.id });
    await setUpSite();
    for (const s of STATIONS) {
      await harness.addStation(s.id);
      const port = s.viaLink ? link.port : harness.gateway.ports[0];
      const station = new Station(
        stationOptions({
          id: s.id,
          baseUrl: `ws://127.0.0.1:${port}/ocpp`,
          protocol: s.protocol,
          password: STATION_PASSWORD,
          connectors: 2,
          maxPowerW: 22_080,
          maxCurrentA: 32,
          connectorPhases: s.phases,
          sampledMeasurands: ['Energy.Active.Import.Register', 'Current.Import'],
          sampleIntervalS: METER_INTERVAL_S,
          alignedMeasurands: ['Current.Import'],
          alignedIntervalS: METER_INTERVAL_S,
          sessionSeconds: 30,
          batteryWh: 200_000,
          reconnectMinMs: 500,
          reconnectMaxMs: 1_500,
          idTag: tagOf(s.id),
        }),
        {
          scheduler,
          stats,
          validator: ocppValidator,
          tap: (direction, station, text) => {
            if (direction !== 'in') return;
            const frame = JSON.parse(text) as unknown[];
            if (frame[0] === 2 && frame[2] === 'SetChargingProfile')
              profilesReceived.push({ stationId: station.id, at: Date.now(), payload: frame[3] as Record<string, unknown> });
          },
        },
      );
      stations.set(s.id, station);
      station.start();
    }
    await waitFor(() => [...stations.values()].every((s) => s.bootState === 'Accepted'), {
      timeoutMs: 30_000,
      message: 'every station booted',
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([...stations.values()].map((s) => s.stop(false)));
    scheduler.stop();
    await link?.close();
    await harness?.stop();
  });

  function isDefault(payload: Record<string, unknown>): boolean {
    return JSON.stringify(payload).includes('"TxDefaultProfile"');
  }

  function tagOf(stationId: string): string {
    return `TAG-${stationId}`.toUpperCase();
  }

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const answer = await harness.api.request(method, `/api/v1/energy${path}`, body);
    if (answer.status >= 400) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }

  async function setUpSite(): Promise<void> {
    await api('POST', '/sites', { siteId: SITE, name: 'Depot with a 63 A connection' });
    await api('PUT', `/sites/${SITE}/nodes/grid`, { parentId: null, kind: 'grid', limitA: 63 });
    await api('PUT', `/sites/${SITE}/nodes/circuit-a`, { parentId: 'grid', kind: 'circuit', limitA: 40 });
    for (const s of STATIONS)
      await api('PUT', `/sites/${SITE}/nodes/${s.id}`, {
        parentId: s.circuit ? 'circuit-a' : 'grid',
        kind: 'station',
        stationId: s.id,
        evseCount: 2,
        maxA: 32,
        ...(s.rotation ? { phaseRotation: s.rotation } : {}),
      });
  }

  /** Plugs a vehicle into every free connector, one at a time (the churn: sessions end after 21–39 s). */
  function plugInFree(): number {
    let started = 0;
    for (const station of stations.values()) {
      if (!station.connected || station.bootState !== 'Accepted') continue;
      for (const connectorId of [1, 2]) if (station.behaviour.startSession({ connectorId })) started++;
    }
    return started;
  }

  /** Sessions of `stationId` that started (as the session-service recorded) after `since`. */
  function startedSince(stationId: string, since: number): number {
    return harness
      .records('SessionLifecycle')
      .map((m) => JSON.parse(m.value) as { type: string; stationId: string; startedAt?: string })
      .filter((e) => e.type === 'Started' && e.stationId === stationId && Date.parse(e.startedAt ?? '') >= since).length;
  }

  async function during(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      plugInFree();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
  }

  it('never exceeds a limit after one meter interval, and uses the capacity it has', async () => {
    // Every station holds its fail-safe default (0 A here: 63 A over twelve EVSEs is below 6 A each)
    // before the first vehicle arrives, so a new session draws nothing until it is given a share.
    await waitFor(() => STATIONS.every((s) => profilesReceived.some((p) => p.stationId === s.id && isDefault(p.payload))), {
      timeoutMs: 30_000,
      message: 'a TxDefaultProfile at every station',
    });
    /** The changes after which the stations may draw more than the new limit for one meter interval. */
    const events: number[] = [];
    const start = Date.now();
    await during(30_000);

    // The grid operator halves the connection for the rest of the run.
    const dropAt = Date.now();
    events.push(dropAt);
    await api('POST', `/sites/${SITE}/limits`, { nodeId: 'grid', limitA: 32, origin: 'DSO' });
    // Three settled meter instants after the drop (not two: one slow re-plan on a loaded machine
    // left a vehicle without its share at one of them).
    await during(20_000);

    // A station reboots (its sessions end, it boots again and gets its fail-safe default back).
    const rebootAt = Date.now();
    expect((await harness.api.request('POST', '/api/v1/stations/lm-cs1/ocpp/Reset', { type: 'Soft' })).status).toBe(200);
    await during(12_000);

    // Another loses its connection and charges on under the profiles it holds: two new vehicles
    // (stays of 21–39 s) plugged in just before, so that it charges through the whole cut.
    const cs6 = stations.get('lm-cs6') as Station;
    const pluggedAt = Date.now();
    await Promise.all([1, 2].map((connectorId) => cs6.behaviour.endSession(connectorId)));
    const plugged = new Set<number>();
    await waitFor(
      () => {
        for (const connectorId of [1, 2])
          if (!plugged.has(connectorId) && cs6.behaviour.startSession({ connectorId })) plugged.add(connectorId);
        return startedSince('lm-cs6', pluggedAt) === 2;
      },
      { timeoutMs: 15_000, message: 'two new sessions at lm-cs6' },
    );
    const cutAt = Date.now();
    link.cut();
    await waitFor(() => !cs6.connected, { timeoutMs: 10_000, message: 'lm-cs6 offline' });
    await during(15_000);
    const restoredAt = Date.now();
    link.restore();
    await waitFor(() => cs6.connected, { timeoutMs: 20_000, message: 'lm-cs6 back' });
    await during(12_000);

    // The readings of the offline period arrive once the station has flushed its queue.
    await new Promise((resolve) => setTimeout(resolve, 2 * SETTLE_MS));
    const readings = alignedPhaseReadings(harness.records('MeteringSamples'), METER_INTERVAL_S * 1000);
    const rotations = new Map(STATIONS.map((s) => [s.id, s.rotation]));
    const circuitRotations = new Map(STATIONS.filter((s) => s.circuit).map((s) => [s.id, s.rotation]));
    const started = harness.records('SessionLifecycle').filter((m) => JSON.parse(m.value).type === 'Started').length;

    const settled = (point: SiteCurrent): boolean => !events.some((e) => point.at > e && point.at <= e + SETTLE_MS);
    const grid = siteCurrents(readings, rotations).filter((p) => p.at >= start);
    const circuit = siteCurrents(readings, circuitRotations).filter((p) => p.at >= start);
    const moments: Record<string, number> = { start, dropAt, rebootAt, pluggedAt, cutAt, restoredAt };
    /** An instant over its limit, with what a failure needs: when it was, and who drew what, under which profiles. */
    const explain = (p: SiteCurrent) => ({
      ...p,
      since: Object.fromEntries(Object.entries(moments).map(([name, at]) => [name, p.at - at])),
      stations: readings.filter((r) => r.at === p.at).map((r) => `${r.stationId} ${r.transactionRef} ${r.stationPhasesA.join('/')}`),
      profiles: profilesReceived
        .filter((r) => r.at > p.at - 2 * SETTLE_MS && r.at <= p.at + SETTLE_MS)
        .map((r) => `${r.stationId} ${r.at - p.at}ms ${profileSummary(r.payload)}`),
      decisions: harness
        .records('EnergyAllocations')
        .map((m) => parseEnergyAllocation(JSON.parse(m.value)))
        .filter((d) => Math.abs(Date.parse(d.plannedAt) - p.at) <= 2 * SETTLE_MS)
        .map((d) => ({
          at: Date.parse(d.plannedAt) - p.at,
          triggers: d.triggers,
          sessions: d.sessions.map(
            (x) => `${x.stationId} ${x.evseId} ${x.status} ${x.limitA} A × ${x.phases} measured ${x.measuredA?.join('/')} (${x.reason})`,
          ),
        })),
    });
    const over = (series: SiteCurrent[], limitAt: (at: number) => number) =>
      series
        .filter(settled)
        .filter((p) => p.gridA.some((a) => a > limitAt(p.at) + 0.05))
        .map(explain);

    expect(started).toBeGreaterThanOrEqual(16);
    // What the offline station read while it was cut off arrived afterwards, and counts.
    expect(readings.some((r) => r.stationId === 'lm-cs6' && r.at > cutAt + SETTLE_MS && r.at < restoredAt)).toBe(true);
    expect(grid.filter(settled).length).toBeGreaterThan(15);
    expect(over(grid, (at) => (at < dropAt ? 63 : 32))).toEqual([]);
    expect(over(circuit, () => 40)).toEqual([]);

    // Not vacuous: the site was full before the drop and used after it.
    const peak = (series: SiteCurrent[], from: number, to: number) =>
      Math.max(...series.filter((p) => p.at >= from && p.at < to && settled(p)).map((p) => Math.max(...p.gridA)));
    expect(peak(grid, start, dropAt)).toBeGreaterThan(0.8 * 63);
    const afterDrop = peak(grid, dropAt, rebootAt);
    expect(
      afterDrop > 0.6 * 32
        ? 'used'
        : {
            afterDrop,
            instants: grid.filter((p) => p.at >= dropAt && p.at < rebootAt).map((p) => ({ ...explain(p), settled: settled(p) })),
          },
    ).toBe('used');

    // 1-phase vehicles were recognised from their per-phase currents.
    const allocation = (await api('GET', `/sites/${SITE}/allocation`)).body as { sessions: { phases: number }[] };
    expect(allocation.sessions.length).toBeGreaterThan(0);
    const decided = harness
      .records('EnergyAllocations')
      .map((m) => JSON.parse(m.value) as { sessions: { phases: number; status: string }[] });
    expect(decided.some((d) => d.sessions.some((s) => s.phases === 1))).toBe(true);
    expect(decided.some((d) => d.sessions.some((s) => s.status === 'Paused' || s.status === 'Capped'))).toBe(true);

    // The rebooted station got its fail-safe default profile again.
    const defaults = profilesReceived.filter((p) => p.stationId === 'lm-cs1' && p.at > rebootAt && isDefault(p.payload));
    expect(defaults.length).toBeGreaterThan(0);
  }, 240_000);
});
