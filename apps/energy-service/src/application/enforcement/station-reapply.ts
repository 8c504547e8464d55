import type { Logger } from 'pino';
import type { OperatorCommands } from '@voltlane/api-kit';
import { compositeExceeds, compositeMaxA, compositeScheduleRequest } from '../../domain/composite-schedule';
import type { ProfileOrder } from '../../domain/enforcement-orders';
import type { AppliedLimitRepository } from '../../persistence/applied-limit.repository';
import type { NodeRepository } from '../../persistence/node.repository';
import type { SessionRepository } from '../../persistence/session.repository';
import type { SiteRepository } from '../../persistence/site.repository';
import type { StationStateRepository } from '../../persistence/station-state.repository';
import type { OnRefused, ProfileEnforcer } from './profile-enforcer';

/** Voltage assumed for a station that is in no site, V. */
const DEFAULT_VOLTAGE_V = 230;

/**
 * After a station (re)connects: its fail-safe TxDefaultProfile and the TxProfiles of its running
 * sessions go to it again (a rebooted station may have lost them), at the limits last sent, and
 * GetCompositeSchedule checks that they hold: a composite limit above what was sent flags the
 * station as one that does not obey profiles. The next plan (the site is due) adjusts the limits.
 */
export class StationReapply {
  constructor(
    private readonly enforcer: ProfileEnforcer,
    private readonly commands: OperatorCommands,
    private readonly applied: AppliedLimitRepository,
    private readonly sessions: SessionRepository,
    private readonly stations: StationStateRepository,
    private readonly nodes: NodeRepository,
    private readonly sites: SiteRepository,
    private readonly onRefused: OnRefused,
    private readonly commandTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /**
   * Re-sends and checks; resolves when the station answered everything (or did not). A profile the
   * station accepted since `connectedAt` is in place and not sent again.
   */
  async reapply(stationId: string, connectedAt: Date): Promise<void> {
    const state = await this.stations.get(stationId);
    if (state?.flaggedAt) return;
    const [rows, running, stationNode] = await Promise.all([
      this.applied.ofStations([stationId]),
      this.sessions.activeOfStations([stationId]),
      this.nodes.stationNode(stationId),
    ]);
    if (rows.length === 0) return;
    const site = stationNode ? await this.sites.get(stationNode.siteId) : null;
    const voltageV = site?.voltageV ?? DEFAULT_VOLTAGE_V;
    const siteNodes = stationNode ? await this.nodes.ofSite(stationNode.siteId) : [];
    const dcOf = (evseId: number) =>
      siteNodes.find((n) => n.kind === 'evse' && n.stationId === stationId && n.evseId === evseId)?.dc ?? stationNode?.dc ?? false;
    const active = new Map(running.map((s) => [s.sessionId, s]));
    const orders: ProfileOrder[] = [];
    for (const row of [...rows].sort((a, b) =>
      a.purpose === b.purpose ? a.evseId - b.evseId : a.purpose === 'TxDefaultProfile' ? -1 : 1,
    )) {
      const session = row.sessionId ? active.get(row.sessionId) : undefined;
      if (row.purpose === 'TxProfile' && !session) continue;
      orders.push({
        stationId,
        sessionId: row.sessionId,
        force: true,
        connectedAt,
        target: {
          purpose: row.purpose,
          evseId: row.evseId,
          ...(session ? { transactionRef: session.transactionRef } : {}),
          limitA: row.limitA,
          phases: row.phases,
          dc: dcOf(row.evseId),
          voltageV,
        },
      });
    }
    const outcomes = await Promise.all(orders.map((order) => this.enforcer.run(order)));
    // What it accepted now is checked (a profile already in place came from a plan, at its own limit).
    const accepted = orders.filter((_, i) => outcomes[i]?.status === 'Accepted');
    await this.enforcer.after(stationId, () => this.verify(stationId, accepted, voltageV));
  }

  /** GetCompositeSchedule per EVSE that got a TxProfile (else EVSE 1 against the fail-safe default). */
  private async verify(stationId: string, accepted: readonly ProfileOrder[], voltageV: number): Promise<void> {
    const checks = accepted
      .filter((o) => o.target.purpose === 'TxProfile')
      .map((o) => ({ evseId: o.target.evseId, limitA: o.target.limitA }));
    const fallback = accepted.find((o) => o.target.purpose === 'TxDefaultProfile');
    if (fallback && !checks.some((c) => c.evseId === 1)) checks.push({ evseId: 1, limitA: fallback.target.limitA });
    for (const check of checks) {
      try {
        const result = await this.commands.sendForResult({
          stationId,
          label: 'GetCompositeSchedule',
          build: (protocol) => ({ action: 'GetCompositeSchedule', payload: compositeScheduleRequest(protocol, check.evseId) }),
          timeoutMs: this.commandTimeoutMs,
        });
        if (result.outcome !== 'result' || !result.payload || !result.protocol) continue;
        const composite = compositeMaxA(result.protocol, result.payload, voltageV);
        if (compositeExceeds(composite, check.limitA)) {
          const reason = `GetCompositeSchedule of EVSE ${check.evseId} allows ${composite} A, above the ${check.limitA} A sent`;
          this.logger.warn(
            { stationId, evseId: check.evseId, compositeA: composite, sentA: check.limitA },
            'station does not obey its profile: flagged',
          );
          await this.onRefused(stationId, reason);
          return;
        }
      } catch (error) {
        this.logger.debug({ err: error, stationId, evseId: check.evseId }, 'GetCompositeSchedule not sent');
      }
    }
  }
}
