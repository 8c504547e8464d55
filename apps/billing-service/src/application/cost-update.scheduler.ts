import type { Logger } from 'pino';
import { ProblemError } from '@voltlane/api-kit';
import { BillingError, ocppTotalCost } from '@voltlane/billing-domain';
import { isOcppVersion } from '@voltlane/ocpp';
import type { Clock } from './clock';
import { type SessionBillingService } from './session-billing.service';
import type { BillingServiceConfig } from '../config/billing-service-config';
import { type BillingSessionRepository, type BillingSessionState } from '../persistence/billing-session.repository';
import { type BillingCommands } from './station-tariffs/billing-commands';
import { costUpdateTickMs, sessionsToSend } from '../domain/cost-update-schedule';

/** A CostUpdated waits this long for the station's answer. */
export const COST_UPDATE_TIMEOUT_MS = 15_000;
const MAX_IN_FLIGHT = 500;
const CLAIM_BATCH = 200;

/**
 * Sends CostUpdated (OCPP 2.0.1/2.1, use case I02) to every running transaction every
 * BILLING_SERVICE_COST_UPDATE_INTERVAL_S: the running total cost incl. tax, priced with the session's
 * tariff and the CDR's rules (costOfTotals) up to now. The schedule lives in billing_sessions
 * (claimed with SKIP LOCKED), so it survives restarts and is shared by replicas; an ended session
 * is never claimed again. Sends go through the operator-command path (connected, boot status,
 * schema) and are never awaited by the tick: a slow or offline station delays nothing else.
 */
export class CostUpdateScheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private readonly inFlight = new Set<string>();
  private readonly sends = new Set<Promise<void>>();

  constructor(
    private readonly sessions: BillingSessionRepository,
    private readonly billing: SessionBillingService,
    private readonly commands: BillingCommands,
    private readonly config: BillingServiceConfig,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  start(): void {
    const intervalMs = this.config.billing.costUpdateIntervalMs;
    if (intervalMs === 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick(), costUpdateTickMs(intervalMs));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.sends]);
  }

  /** One pass: claims the due sessions and starts their sends (exported for tests). */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.clock();
      const claimed = await this.sessions.claimDueCostUpdates(now, this.config.billing.costUpdateIntervalMs, CLAIM_BATCH);
      for (const session of sessionsToSend(claimed, this.inFlight, MAX_IN_FLIGHT)) {
        this.inFlight.add(session.sessionId);
        const send = this.send(session, now).finally(() => {
          this.inFlight.delete(session.sessionId);
          this.sends.delete(send);
        });
        this.sends.add(send);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'cost updates not claimed; next tick retries');
    } finally {
      this.ticking = false;
    }
  }

  private async send(session: BillingSessionState, now: Date): Promise<void> {
    const log = { sessionId: session.sessionId, stationId: session.stationId, transactionId: session.transactionRef };
    try {
      const { cost } = await this.billing.costOf(session, now);
      const result = await this.commands.operator.sendForResult({
        stationId: session.stationId,
        ...(isOcppVersion(session.protocol) ? { version: session.protocol } : {}),
        action: 'CostUpdated',
        payload: { totalCost: ocppTotalCost(cost), transactionId: session.transactionRef },
        timeoutMs: COST_UPDATE_TIMEOUT_MS,
      });
      if (result.outcome !== 'result')
        this.logger.debug({ ...log, outcome: result.outcome, error: result.error }, 'CostUpdated not accepted by the station');
    } catch (error) {
      // Offline, Pending, no applicable tariff …: this one is skipped, the next interval tries again.
      if (error instanceof ProblemError || error instanceof BillingError) this.logger.debug({ ...log, err: error }, 'CostUpdated not sent');
      else this.logger.warn({ ...log, err: error }, 'CostUpdated failed');
    }
  }
}
