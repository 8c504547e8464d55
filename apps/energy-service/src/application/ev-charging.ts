import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { scheduleWithin, type EvChargingNeeds, type EvSchedule } from '@voltlane/energy-domain';
import { directSchedule } from '../domain/ev-needs';
import type { ProfileOrder } from '../domain/enforcement-orders';
import type { AppliedLimitRepository } from '../persistence/applied-limit.repository';
import type { NodeRepository } from '../persistence/node.repository';
import type { EnergySession, SessionRepository } from '../persistence/session.repository';
import { markSiteDue } from '../persistence/site-replan';
import type { SiteRepository } from '../persistence/site.repository';
import type { AfterAnswer } from '@voltlane/service-kit';
import type { ProfileEnforcer } from './enforcement/profile-enforcer';

/** Voltage of a station that is in no site, V. */
const DEFAULT_VOLTAGE_V = 230;
/** An EV schedule may exceed the allocation by this much per phase (the stored limit is rounded to 0.1 A), A. */
const SCHEDULE_TOLERANCE_A = 0.1;

export interface EvNeedsRequest {
  evseId: number;
  maxScheduleTuples?: number;
  chargingNeeds: EvChargingNeeds;
}

export interface EvScheduleRequest {
  evseId: number;
  timeBase: string;
  chargingSchedule: EvSchedule & Record<string, unknown>;
}

/**
 * ISO 15118 smart charging (K15–K17). NotifyEVChargingNeeds is answered Accepted and then — after
 * the answer — a TxProfile follows (K15.FR.03, K17, K16.FR.12), even when the limit did not change:
 * for a station in a site the needs feed the session's share and the site is planned at once; for a
 * station in no site the schedule is the EV's own maximum (until its departure). A
 * NotifyEVChargingSchedule is checked against the profile last sent for the EVSE: Accepted when
 * within it, else Rejected and that profile is sent again (K15.FR.12/13, K16.FR.07/08).
 */
export class EvCharging {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionRepository,
    private readonly applied: AppliedLimitRepository,
    private readonly nodes: NodeRepository,
    private readonly sites: SiteRepository,
    private readonly enforcer: ProfileEnforcer,
    private readonly afterAnswer: AfterAnswer,
    private readonly sessionWaitMs: number,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {}

  needs(stationId: string, request: EvNeedsRequest): 'Accepted' {
    this.afterAnswer.run('a schedule for an EV’s charging needs', () => this.schedule(stationId, request));
    return 'Accepted';
  }

  async schedule(stationId: string, request: EvNeedsRequest): Promise<void> {
    const session = await this.waitForSession(stationId, request.evseId);
    if (!session) {
      this.logger.warn({ stationId, evseId: request.evseId }, 'EV charging needs for an EVSE without a running session: no schedule sent');
      return;
    }
    const now = this.clock();
    const needs = {
      chargingNeeds: request.chargingNeeds,
      ...(request.maxScheduleTuples !== undefined ? { maxScheduleTuples: request.maxScheduleTuples } : {}),
    };
    await this.sessions.setNeeds(session.sessionId, needs, new Date(now));
    const stationNode = await this.nodes.stationNode(stationId);
    if (stationNode) {
      // The planner sends the session's TxProfile with the needs in its share; forced, since the EV waits for one.
      await this.applied.requireResend(stationId, request.evseId, 'TxProfile');
      await markSiteDue(this.dataSource, stationNode.siteId, `ev-needs:${stationId}`, 0);
      return;
    }
    const direct = directSchedule(request.chargingNeeds, now, DEFAULT_VOLTAGE_V);
    await this.enforcer.run({
      stationId,
      sessionId: session.sessionId,
      force: true,
      target: {
        purpose: 'TxProfile',
        evseId: request.evseId,
        transactionRef: session.transactionRef,
        voltageV: DEFAULT_VOLTAGE_V,
        ...direct,
      },
    });
  }

  /** Checks the EV's schedule; a Rejected one gets the allocation's profile again, after the answer. */
  async evSchedule(stationId: string, request: EvScheduleRequest): Promise<'Accepted' | 'Rejected'> {
    const [session, sent] = await Promise.all([
      this.sessions.activeOnEvse(stationId, request.evseId),
      this.applied.get(stationId, request.evseId, 'TxProfile'),
    ]);
    if (session) await this.sessions.setEvSchedule(session.sessionId, { timeBase: request.timeBase, ...request.chargingSchedule });
    if (!sent || (session && sent.sessionId !== session.sessionId)) return 'Accepted'; // nothing was allotted here: nothing to object to
    const voltageV = await this.voltageOf(stationId);
    const check = scheduleWithin(request.chargingSchedule, { limitA: sent.limitA, phases: sent.phases }, voltageV, SCHEDULE_TOLERANCE_A);
    if (check.within) return 'Accepted';
    this.logger.info(
      { stationId, evseId: request.evseId, reason: check.reason },
      'EV charging schedule exceeds the allocation: rejected, profile sent again',
    );
    const resend: ProfileOrder = {
      stationId,
      sessionId: sent.sessionId,
      force: true,
      target: {
        purpose: 'TxProfile',
        evseId: request.evseId,
        ...(session ? { transactionRef: session.transactionRef } : {}),
        limitA: sent.limitA,
        phases: sent.phases,
        dc: request.chargingSchedule.chargingRateUnit === 'W',
        voltageV,
      },
    };
    this.afterAnswer.run('the allocation’s profile after a refused EV schedule', async () => void (await this.enforcer.run(resend)));
    return 'Rejected';
  }

  /** The EVSE's running session; a NotifyEVChargingNeeds may overtake the transaction's start on its way through the session-service. */
  private async waitForSession(stationId: string, evseId: number): Promise<EnergySession | null> {
    const deadline = Date.now() + this.sessionWaitMs;
    for (;;) {
      const session = await this.sessions.activeOnEvse(stationId, evseId);
      if (session || Date.now() >= deadline) return session;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async voltageOf(stationId: string): Promise<number> {
    const node = await this.nodes.stationNode(stationId);
    return (node ? (await this.sites.get(node.siteId))?.voltageV : undefined) ?? DEFAULT_VOLTAGE_V;
  }
}
