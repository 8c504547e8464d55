import type { OcppValidator } from '@voltlane/ocpp';
import type { SimulatorOptions } from '../cli/args';
import { Scheduler } from '../scheduling/scheduler';
import { Station } from '../station/station';
import type { FrameTap } from '../station/station-options';
import { FleetStats } from '../stats/fleet-stats';
import { SessionPlanner } from './session-planner';
import { loadTls, stationOptionsFor } from './station-factory';

export interface FleetDeps {
  validator: OcppValidator;
  tap?: FrameTap;
  random?: () => number;
}

const RAMP_TICK_MS = 100;

/** All stations of one process: one scheduler, one set of counters, a connection ramp and a session planner. */
export class Fleet {
  readonly stats = new FleetStats();
  readonly scheduler = new Scheduler();
  readonly stations: Station[];
  readonly planner: SessionPlanner;
  readonly startedAt = Date.now();

  constructor(
    readonly options: SimulatorOptions,
    deps: FleetDeps,
  ) {
    const tls = loadTls(options);
    this.stations = Array.from(
      { length: options.stations },
      (_, i) =>
        new Station(stationOptionsFor(options, i, tls), {
          scheduler: this.scheduler,
          stats: this.stats,
          validator: deps.validator,
          validateOutgoing: options.validate,
          ...(deps.tap ? { tap: deps.tap } : {}),
          ...(deps.random ? { random: deps.random } : {}),
        }),
    );
    this.planner = new SessionPlanner(
      this.stations,
      {
        share: options.sessionShare,
        sessionsPerHour: options.sessionsPerHour,
        initialSpreadMs: Math.min(options.sampleIntervalS * 1000, 2_000),
      },
      this.scheduler,
      deps.random,
    );
  }

  /** Opens the connections at `rampPerSecond` and starts the session planner. */
  start(): void {
    const perTick = Math.max(1, Math.round((this.options.rampPerSecond * RAMP_TICK_MS) / 1000));
    let next = 0;
    const ramp = (): void => {
      const end = Math.min(this.stations.length, next + perTick);
      for (; next < end; next++) this.stations[next].start();
      if (next < this.stations.length) this.scheduler.after(RAMP_TICK_MS, ramp);
    };
    ramp();
    this.planner.start();
  }

  /** Closes every station (sessions end with their stop messages when `endSessions`). */
  async stop(endSessions = false): Promise<void> {
    this.planner.stop();
    await Promise.allSettled(this.stations.map((s) => s.stop(endSessions)));
    this.scheduler.stop();
  }
}
