import type { Scheduler, ScheduledTask } from '../scheduling/scheduler';
import type { Station } from '../station/station';

export interface SessionPlan {
  /** Fraction of stations that charge at all (0–1). */
  share: number;
  /** New sessions per charging station per hour. */
  sessionsPerHour: number;
  /** Spread of the first sessions after the Boot is accepted, ms. */
  initialSpreadMs: number;
}

const TICK_MS = 1_000;

/** Whether the station at `index` is one of the charging ones: spread evenly over the fleet. */
export function isCharging(index: number, share: number): boolean {
  return Math.floor((index + 1) * share) > Math.floor(index * share);
}

/**
 * Shapes the fleet's charging load with one shared task: each charging station starts a first
 * session soon after its Boot is accepted; after that, sessions arrive as a Poisson process at
 * `sessionsPerHour` per charging station, each on a random charging station with a free connector.
 */
export class SessionPlanner {
  private readonly charging: Station[];
  private readonly awaitingFirst = new Set<Station>();
  private task: ScheduledTask | undefined;
  private carry = 0;

  constructor(
    stations: readonly Station[],
    private readonly plan: SessionPlan,
    private readonly scheduler: Scheduler,
    private readonly random: () => number = Math.random,
  ) {
    this.charging = stations.filter((_, i) => isCharging(i, plan.share));
    for (const station of this.charging) this.awaitingFirst.add(station);
  }

  get chargingStations(): number {
    return this.charging.length;
  }

  start(): void {
    this.task = this.scheduler.every(TICK_MS, () => this.tick());
  }

  stop(): void {
    this.task?.cancel();
  }

  private tick(): void {
    for (const station of this.awaitingFirst) {
      if (station.bootState !== 'Accepted' || !station.connected) continue;
      this.awaitingFirst.delete(station);
      this.scheduler.after(this.random() * this.plan.initialSpreadMs, () => void station.behaviour.startSession({}));
    }
    if (this.charging.length === 0 || this.plan.sessionsPerHour <= 0) return;
    // Expected arrivals this tick, with the fraction carried over so low rates still happen.
    this.carry += (this.charging.length * this.plan.sessionsPerHour * TICK_MS) / 3_600_000;
    while (this.carry >= 1 || (this.carry > 0 && this.random() < this.carry)) {
      this.carry = Math.max(0, this.carry - 1);
      const station = this.charging[Math.floor(this.random() * this.charging.length)];
      if (station.connected && station.behaviour.freeConnectors() > 0) station.behaviour.startSession({});
    }
  }
}
