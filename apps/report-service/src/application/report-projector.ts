import type { DataSource } from 'typeorm';
import type { BillingCdr, SessionLifecycleEvent, StationConnectionEvent, StationStatusEvent } from '@voltlane/contracts';
import { connectorKey } from '@voltlane/report-domain';
import { GroupCommit } from '@voltlane/service-kit';
import { type CdrRevenueRepository } from '../persistence/cdr-revenue.repository';
import { type ConnectionRepository } from '../persistence/connection.repository';
import { type FaultRepository } from '../persistence/fault.repository';
import { type SessionRepository } from '../persistence/session.repository';
import { type StatusIntervalRepository } from '../persistence/status-interval.repository';

/** 1.6 reports NoError with statuses that are not faults; 2.x Faulted carries no code. */
export function faultCodeOf(event: StationStatusEvent): string {
  return event.errorCode && event.errorCode !== 'NoError' ? event.errorCode : 'Unspecified';
}

/**
 * Turns the public events into the report read model. Every write is keyed by what makes the
 * fact unique, so applying an event twice (Kafka delivers at least once) changes nothing.
 */
export class ReportProjector {
  /** The status changes handled at once share one transaction (group commit). */
  private readonly group: GroupCommit;

  constructor(
    dataSource: DataSource,
    private readonly statuses: StatusIntervalRepository,
    private readonly faults: FaultRepository,
    private readonly connections: ConnectionRepository,
    private readonly sessions: SessionRepository,
    private readonly revenue: CdrRevenueRepository,
  ) {
    // A station's changes reach this one after another: batches in flight hold different stations' locks.
    this.group = new GroupCommit(dataSource, { concurrency: 4, maxItems: 32 });
  }

  async status(event: StationStatusEvent): Promise<void> {
    const connector = connectorKey(event.evseId, event.connectorId);
    const startedAt = new Date(event.timestamp);
    await this.group.run(async (manager) => {
      // One writer per station at a time: the previous interval's end must not race.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '/report:' || $1))`, [event.stationId]);
      await this.statuses.record(manager, {
        stationId: event.stationId,
        connector,
        startedAt,
        status: event.status,
        errorCode: event.errorCode ?? null,
        receivedAt: new Date(event.receivedAt),
      });
      if (event.status === 'Faulted')
        await this.faults.record(manager, { stationId: event.stationId, connector, at: startedAt, errorCode: faultCodeOf(event) });
    });
  }

  async connection(event: StationConnectionEvent): Promise<void> {
    const at = new Date(event.at);
    if (event.type === 'Connected') await this.connections.connected(event.connectionId, event.stationId, at);
    else await this.connections.disconnected(event.connectionId, event.stationId, at);
  }

  async session(event: SessionLifecycleEvent): Promise<void> {
    await this.sessions.apply({
      sessionId: event.sessionId,
      stationId: event.stationId,
      startedAt: new Date(event.startedAt),
      endedAt: event.endedAt ? new Date(event.endedAt) : null,
      energyWh: event.energyWh,
      chargingSeconds: event.chargingSeconds,
      idleSeconds: event.idleSeconds,
      ended: event.type === 'Ended',
      occurredAt: new Date(event.occurredAt),
    });
  }

  async cdr(cdr: BillingCdr): Promise<void> {
    await this.revenue.record({
      cdrId: cdr.cdrId,
      sessionId: cdr.sessionId,
      stationId: cdr.stationId,
      startedAt: new Date(cdr.startedAt),
      currency: cdr.currency,
      totalExclTax: cdr.totalExclTax.amount,
      totalInclTax: cdr.totalInclTax.amount,
    });
  }
}
