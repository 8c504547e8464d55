import type { Logger } from 'pino';
import type { OperatorCommands } from '@voltlane/api-kit';
import type { EnergyServiceConfig } from '../../config/energy-service-config';
import { mustSend } from '../../domain/deadband';
import type { ProfileOrder } from '../../domain/enforcement-orders';
import { profileOutcome, type ProfileOutcome } from '../../domain/profile-answer';
import { profileIdOf, setChargingProfileRequest, type ProfileTarget } from '../../domain/profiles';
import type { AppliedLimitRepository } from '../../persistence/applied-limit.repository';
import { StationQueue } from './station-queue';

/** What became of one order. */
export type OrderOutcome = ProfileOutcome | { status: 'Skipped' } | { status: 'InPlace' } | { status: 'Superseded' };

/** A plan's order and its place among all plans' orders (a later ticket is a newer plan's). */
interface Ticketed {
  order: ProfileOrder;
  ticket: number;
}

/** The EVSE profile an order replaces at its station. */
const profileKey = (order: ProfileOrder): string => `${order.stationId}|${order.target.evseId}|${order.target.purpose}`;

const superseded = async (): Promise<OrderOutcome> => ({ status: 'Superseded' });

/** Reports a station that refused a profile (the flagging side lives with the station states). */
export type OnRefused = (stationId: string, reason: string) => Promise<void>;

/** Whether a session still runs (a TxProfile refused for a transaction that just ended is no refusal). */
export type SessionRunning = (sessionId: string) => Promise<boolean>;

/**
 * A TxProfile the station rejected counts as a refusal only if its session still runs this long
 * after the answer: a station rightly rejects a TxProfile for a transaction it has just ended (a
 * reset, an unplugged vehicle) whose end the service has not received yet.
 */
export const TX_REFUSAL_GRACE_MS = 5_000;

/**
 * Installs profiles at stations through the operator-command path (OperatorCommands.sendForResult:
 * connected, boot status, schema; every result on ocpp.commands.v1, so the session-service keeps its
 * profile store). One station's profiles go one after another, stations side by side, and nobody
 * awaits a slow station: `enforce` queues. Each send is recorded in applied_limits (Sent, then the
 * answer); the deadband decides whether an order is sent at all. A station that answers Rejected,
 * NotSupported or NotImplemented is reported (`onRefused`) and gets nothing more.
 */
export class ProfileEnforcer {
  private readonly queue = new StationQueue();
  private readonly refused = new Set<string>();
  /** Enforcement passes still sending (lowering first, then raising). */
  private readonly passes = new Set<Promise<void>>();
  /** Per EVSE profile (station, EVSE, purpose): the newest plan's order, by its ticket. */
  private readonly newest = new Map<string, number>();
  private tickets = 0;

  constructor(
    private readonly commands: OperatorCommands,
    private readonly applied: AppliedLimitRepository,
    private readonly onRefused: OnRefused,
    private readonly config: EnergyServiceConfig['energy'],
    private readonly logger: Logger,
    private readonly clock: () => number,
    private readonly sessionRunning: SessionRunning = async () => true,
    private readonly refusalGraceMs = TX_REFUSAL_GRACE_MS,
  ) {}

  /**
   * Queues the orders (per station in the given order); does not wait for the stations. A plan
   * orders profiles only for stations that are not flagged, so a station it names gets them again
   * (after an operator cleared its flag), until it refuses one. Orders that lower what an EVSE may
   * draw go first, at every station at once; orders that raise it (a new session, a higher limit)
   * only once those are answered (or failed): a share moves from one session to another without
   * both drawing it at the same time. A newer plan supersedes this one's orders that have not run
   * yet: an older plan's raise, still waiting for its own lowering orders, must not follow the
   * newer plan's order for the same EVSE (the station would draw the old share beside the new
   * shares of the others).
   */
  enforce(orders: readonly ProfileOrder[]): void {
    for (const stationId of new Set(orders.map((o) => o.stationId))) this.refused.delete(stationId);
    const ticketed = orders.map((order) => {
      const ticket = ++this.tickets;
      this.newest.set(profileKey(order), ticket);
      return { order, ticket };
    });
    const pass = this.lowerThenRaise(ticketed).catch((error: unknown) => this.logger.warn({ err: error }, 'profiles not enforced'));
    this.passes.add(pass);
    void pass.finally(() => {
      this.passes.delete(pass);
      for (const { order, ticket } of ticketed) if (this.newest.get(profileKey(order)) === ticket) this.newest.delete(profileKey(order));
    });
  }

  private async lowerThenRaise(orders: readonly Ticketed[]): Promise<void> {
    const raising: Ticketed[] = [];
    const lowering: Promise<unknown>[] = [];
    for (const ticketed of orders) {
      if (await this.raises(ticketed.order)) raising.push(ticketed);
      else lowering.push(this.runLogged(ticketed));
    }
    await Promise.allSettled(lowering);
    await Promise.allSettled(raising.map((ticketed) => this.runLogged(ticketed)));
  }

  /** Whether the order lets the EVSE draw more than the profile it holds (or another session's). */
  private async raises(order: ProfileOrder): Promise<boolean> {
    const previous = await this.applied.get(order.stationId, order.target.evseId, order.target.purpose);
    if (!previous || previous.sessionId !== order.sessionId) return true;
    return order.target.limitA * order.target.phases > previous.limitA * previous.phases + 1e-9;
  }

  /** Runs a plan's order unless a newer plan ordered the same EVSE profile meanwhile. */
  private runLogged({ order, ticket }: Ticketed): Promise<OrderOutcome | undefined> {
    return this.queue
      .run(order.stationId, () => (this.newest.get(profileKey(order)) === ticket ? this.apply(order) : superseded()))
      .catch((error: unknown) => {
        this.logger.warn({ err: error, stationId: order.stationId }, 'profile not enforced');
        return undefined;
      });
  }

  /** Queues one order (a re-apply, an EV's own schedule: not a plan's, so nothing supersedes it); resolves with what became of it. */
  run(order: ProfileOrder): Promise<OrderOutcome> {
    return this.queue.run(order.stationId, () => this.apply(order));
  }

  /** Queues a job behind the station's profiles (a check that needs them in place). */
  after<T>(stationId: string, job: () => Promise<T>): Promise<T> {
    return this.queue.run(stationId, job);
  }

  /** Resolves when everything queued so far has been sent and answered. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.passes]);
    await this.queue.idle();
  }

  private async apply(order: ProfileOrder): Promise<OrderOutcome> {
    const { stationId, target } = order;
    if (this.refused.has(stationId)) return { status: 'Skipped' };
    const now = this.clock();
    const previous = await this.applied.get(stationId, target.evseId, target.purpose);
    const wanted = { sessionId: order.sessionId, limitA: target.limitA, phases: target.phases };
    if (order.connectedAt && previous?.status === 'Accepted' && previous.answeredAt && previous.answeredAt >= order.connectedAt)
      return { status: 'InPlace' };
    const stale = this.config.commandTimeoutMs * 2;
    if (
      !order.force &&
      !mustSend(previous && { ...previous, sentAt: previous.sentAt.getTime() }, wanted, this.config.deadbandA, now, stale)
    )
      return { status: 'Skipped' };
    const full: ProfileTarget = { ...target, stackLevel: this.config.stackLevel };
    await this.applied.sent({
      stationId,
      evseId: target.evseId,
      purpose: target.purpose,
      sessionId: order.sessionId,
      profileId: profileIdOf(target.purpose, target.evseId),
      limitA: Math.floor(target.limitA * 10 + 1e-9) / 10,
      phases: target.phases,
      sentAt: new Date(now),
    });
    const outcome = await this.send(stationId, full);
    await this.applied.answered(stationId, target.evseId, target.purpose, outcome.status, new Date(this.clock()));
    const log = { stationId, purpose: target.purpose, evseId: target.evseId, limitA: target.limitA };
    if (outcome.status === 'Rejected') {
      const sessionId = order.sessionId;
      if (sessionId === null) await this.refuse(stationId, outcome.reason, log);
      else {
        // Decided outside the station's queue: the profiles behind this one are not held up.
        const check = this.refusedIfStillRunning(sessionId, stationId, outcome.reason, log);
        this.passes.add(check);
        void check.finally(() => this.passes.delete(check));
      }
    } else if (outcome.status === 'Failed')
      this.logger.info({ ...log, reason: outcome.reason }, 'charging profile not installed; the next plan sends it again');
    return outcome;
  }

  private async refuse(stationId: string, reason: string, log: Record<string, unknown>): Promise<void> {
    this.refused.add(stationId);
    this.logger.warn({ ...log, reason }, 'station refuses charging profiles: flagged');
    await this.onRefused(stationId, reason);
  }

  /** A rejected TxProfile: a refusal if its session still runs after the grace period. */
  private async refusedIfStillRunning(sessionId: string, stationId: string, reason: string, log: Record<string, unknown>): Promise<void> {
    try {
      if (await this.sessionRunning(sessionId)) {
        await new Promise((resolve) => setTimeout(resolve, this.refusalGraceMs));
        if (await this.sessionRunning(sessionId)) return await this.refuse(stationId, reason, log);
      }
      this.logger.info({ ...log, reason }, 'TxProfile rejected for a transaction that has ended: not a refusal');
    } catch (error) {
      this.logger.warn({ err: error, ...log }, 'refusal not decided');
    }
  }

  private async send(stationId: string, target: ProfileTarget): Promise<ProfileOutcome> {
    try {
      const result = await this.commands.sendForResult({
        stationId,
        label: 'SetChargingProfile',
        build: (protocol) => ({ action: 'SetChargingProfile', payload: setChargingProfileRequest(protocol, target) }),
        timeoutMs: this.config.commandTimeoutMs,
      });
      return profileOutcome(result);
    } catch (error) {
      // Not sent: offline, boot status, a payload the station's version refuses … (ProblemError), or the ports failed.
      return { status: 'Failed', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
