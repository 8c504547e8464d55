import { Scheduler } from '../scheduling/scheduler';
import { FleetStats } from '../stats/fleet-stats';
import { ChargingProfileStore, type StoredProfile } from './charging-profiles';
import { newConnector, type Connector } from './connector';
import { LocalAuthList } from './local-auth-list';
import { Reservations } from './reservations';
import { SessionEngine, type TransactionReporter } from './session-engine';
import type { StationContext } from './station-context';
import { stationOptions, type StationOptions } from './station-options';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const HOUR_MS = 3_600_000;

/** A session engine on a clock the test moves; nothing is sent anywhere. */
function anEngine(overrides: Partial<StationOptions> = {}) {
  let now = T0;
  const scheduler = new Scheduler(() => now);
  const options = stationOptions({ id: 'engine-spec', baseUrl: 'ws://unused', protocol: 'ocpp2.0.1', connectors: 2, ...overrides });
  const station = { options, scheduler, stats: new FleetStats(), random: () => 0, now: () => now } as unknown as StationContext;
  const connectors = [newConnector(1, 0), newConnector(2, 0)];
  const profiles = new ChargingProfileStore();
  const phaseChanges: string[] = [];
  const reporter: TransactionReporter = {
    authorize: () => Promise.resolve(true),
    started: () => Promise.resolve(true),
    sample: () => undefined,
    phaseChanged: (session) => void phaseChanges.push(session.phase),
    ended: () => Promise.resolve(),
    status: () => undefined,
  };
  let tx = 0;
  const engine = new SessionEngine({
    station,
    connectors,
    profiles,
    reservations: new Reservations(() => now),
    localList: new LocalAuthList(),
    reporter,
    sampleIntervalS: () => 3_600,
    authorizeRemoteStarts: () => false,
    newTransactionId: () => `tx-${++tx}`,
  });
  return {
    engine,
    profiles,
    connectors,
    scheduler,
    phaseChanges,
    wait: (ms: number) => void (now += ms),
    at: () => now,
  };
}

const aProfile = (overrides: Partial<StoredProfile>): StoredProfile => ({
  id: 1,
  stackLevel: 0,
  purpose: 'TxDefault',
  connectorId: 0,
  kind: 'Absolute',
  unit: 'A',
  periods: [{ startPeriod: 0, limit: 16 }],
  installedAt: T0,
  raw: {},
  ...overrides,
});

/** Starts a session and lets its start (a resolved promise) run. */
async function started(engine: SessionEngine, connectorId: number, phases?: 1 | 3): Promise<void> {
  expect(engine.start({ connectorId, preAuthorized: true, ...(phases ? { vehicle: { phases } } : {}) })).toBe(true);
  await new Promise((resolve) => setImmediate(resolve));
}

const energy = (c: Connector) => c.meter.energyWh;

describe('SessionEngine with 1- and 3-phase vehicles', () => {
  let ctx: ReturnType<typeof anEngine>;
  afterEach(() => ctx.scheduler.stop());

  it('draws 16 A on L1 for a 1-phase vehicle and on L1–L3 for a 3-phase one under a 16 A TxDefaultProfile', async () => {
    ctx = anEngine();
    ctx.profiles.install(aProfile({}));
    await started(ctx.engine, 1, 1);
    await started(ctx.engine, 2, 3);
    ctx.wait(HOUR_MS);
    ctx.engine.meterRunning();
    const [one, three] = ctx.connectors;
    expect(one.session?.vehicle.phases).toBe(1);
    expect(one.meter.currentA).toEqual([16, 0, 0]);
    expect(energy(one)).toBeCloseTo(3_680, 0);
    expect(three.meter.currentA).toEqual([16, 16, 16]);
    expect(energy(three)).toBeCloseTo(11_040, 0);
  });

  it('integrates the energy before a profile change under the old limit, and the power after under the new one', async () => {
    ctx = anEngine();
    ctx.profiles.install(aProfile({}));
    await started(ctx.engine, 1, 1);
    ctx.wait(HOUR_MS);
    // What SetChargingProfile does: meter, install, meter again once answered.
    ctx.engine.meterRunning();
    ctx.profiles.install(aProfile({ id: 2, periods: [{ startPeriod: 0, limit: 8 }], installedAt: ctx.at(), startSchedule: ctx.at() }));
    ctx.engine.meterRunning();
    const [one] = ctx.connectors;
    expect(one.meter.powerW).toBe(1_840);
    expect(one.meter.currentA).toEqual([8, 0, 0]);
    ctx.wait(HOUR_MS);
    ctx.engine.meterRunning();
    expect(energy(one)).toBeCloseTo(3_680 + 1_840, 0);
  });

  it('splits an interval at the period changes of a schedule', async () => {
    ctx = anEngine();
    ctx.profiles.install(
      aProfile({
        startSchedule: T0,
        periods: [
          { startPeriod: 0, limit: 16 },
          { startPeriod: 1_800, limit: 8 },
        ],
      }),
    );
    await started(ctx.engine, 1, 1);
    ctx.wait(HOUR_MS);
    ctx.engine.meterRunning();
    expect(energy(ctx.connectors[0])).toBeCloseTo(1_840 + 920, 0);
    expect(ctx.connectors[0].meter.currentA).toEqual([8, 0, 0]);
  });

  it('restricts a 3-phase vehicle to numberPhases 1, and suspends under a zero limit', async () => {
    ctx = anEngine();
    await started(ctx.engine, 1, 3);
    ctx.engine.meterRunning();
    ctx.profiles.install(aProfile({ periods: [{ startPeriod: 0, limit: 10, numberPhases: 1 }] }));
    ctx.engine.meterRunning();
    expect(ctx.connectors[0].meter.currentA).toEqual([10, 0, 0]);
    ctx.profiles.install(aProfile({ periods: [{ startPeriod: 0, limit: 0 }] }));
    ctx.engine.meterRunning();
    expect(ctx.connectors[0].meter.powerW).toBe(0);
    expect(ctx.phaseChanges).toEqual(['SuspendedEVSE']);
  });

  it('takes the vehicle from the request, else a queued one, else connectorPhases, else the share', async () => {
    ctx = anEngine({ connectorPhases: [1], onePhaseShare: 0 });
    const phasesOn = (id: number) => ctx.connectors[id - 1].session?.vehicle.phases;
    await started(ctx.engine, 1);
    await started(ctx.engine, 2);
    expect([phasesOn(1), phasesOn(2)]).toEqual([1, 3]);
    await ctx.engine.stop(1, 'Local');
    ctx.engine.queueVehicle(1, { phases: 3, maxCurrentA: 10 });
    await started(ctx.engine, 1);
    expect(ctx.connectors[0].session?.vehicle).toMatchObject({ phases: 3, maxCurrentA: 10, maxPowerW: 6_900 });
    await ctx.engine.stop(1, 'Local');
    // The queued vehicle was used once; the connector's own phases count again.
    await started(ctx.engine, 1);
    expect(phasesOn(1)).toBe(1);
    await ctx.engine.stop(1, 'Local');
    // A vehicle in the request wins and leaves the queued one for the session after.
    ctx.engine.queueVehicle(1, { phases: 3 });
    await started(ctx.engine, 1, 1);
    expect(phasesOn(1)).toBe(1);
    await ctx.engine.stop(1, 'Local');
    await started(ctx.engine, 1);
    expect(phasesOn(1)).toBe(3);
  });
});
