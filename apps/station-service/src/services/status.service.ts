import type { DataSource } from 'typeorm';
import type { EventPublisher } from '@voltlane/messaging';
import type { StationConnectorStatus, StationStatusEvent } from '@voltlane/contracts';
import { GroupCommit, assertColumnBounds, type InboundCallContext } from '@voltlane/service-kit';
import { statusFaultSignals } from '../domain/fault-rules';
import { decideStatus, type StatusDecision } from '../domain/status-ordering';
import { ConnectorStatusHistoryEntity } from '../entities/connector-status-history.entity';
import { ConnectorEntity } from '../entities/connector.entity';
import type { FaultService } from './fault.service';
import { insertIgnore, lockStation } from './insert-ignore';

/** A connector status as a StatusNotification or NotifyEvent reports it. */
export interface ConnectorStatusReport {
  /** 2.x EVSE id; undefined on 1.6 (stored as EVSE 0). */
  evseId?: number;
  connectorId: number;
  status: StationConnectorStatus;
  errorCode?: string;
  info?: string;
  vendorErrorCode?: string;
  /** The station's timestamp; the receive time is used without one. */
  timestamp?: string;
  source: StationStatusEvent['source'];
}

/**
 * Keeps each connector's current status and its history; publishes changes. Error codes and
 * Faulted statuses open faults, a later NoError status resolves them (FaultService), in the same
 * transaction.
 */
export class StatusService {
  /** The reports of different stations handled at once share one transaction (group commit). */
  private readonly group: GroupCommit;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly topic: string,
    private readonly faults: FaultService,
  ) {
    // A station's reports reach this one after another, so batches in flight at once hold
    // different stations' rows and cannot deadlock on them.
    this.group = new GroupCommit(dataSource, { concurrency: 4, maxItems: 32 });
  }

  async report(context: InboundCallContext, report: ConnectorStatusReport): Promise<StatusDecision> {
    const evseId = report.evseId ?? 0;
    const statusAt = report.timestamp ? new Date(report.timestamp) : context.receivedAt;
    const incoming = {
      status: report.status,
      errorCode: report.errorCode ?? null,
      info: report.info ?? null,
      vendorErrorCode: report.vendorErrorCode ?? null,
      statusAt,
    };
    const key = { stationId: context.stationId, evseId, connectorId: report.connectorId };
    // The key reaches a SELECT before the writes that TypeORM checks: refuse what no column can hold first.
    assertColumnBounds(this.dataSource, ConnectorEntity, { ...key, ...incoming, source: report.source });
    return this.group.run(async (m, shared) => {
      // Locks the station row: one writer per station, so the read-decide-write below is safe.
      await lockStation(m, context.stationId);
      const repo = m.getRepository(ConnectorEntity);
      const current = await repo.findOne({ where: key });
      const decision = decideStatus(current, incoming);
      const isNew = await insertIgnore(m, ConnectorStatusHistoryEntity, {
        ...key,
        ...incoming,
        source: report.source,
        applied: decision.apply,
        receivedAt: context.receivedAt,
        connectionId: context.connectionId,
        messageId: context.messageId,
      });
      // A re-delivered report (its history row exists) already did what it does to faults.
      if (isNew) {
        await this.faults.applyIn(m, context, statusFaultSignals({ evseId, connectorId: report.connectorId, ...incoming, at: statusAt, current: decision.apply }));
      }
      if (decision.apply) await repo.upsert({ ...key, ...incoming, source: report.source, updatedAt: new Date() }, ['stationId', 'evseId', 'connectorId']);
      if (decision.changed) {
        const event: StationStatusEvent = {
          stationId: context.stationId,
          protocol: context.protocol,
          ...(report.evseId !== undefined ? { evseId: report.evseId } : {}),
          connectorId: report.connectorId,
          status: report.status,
          ...(current ? { previousStatus: current.status as StationConnectorStatus } : {}),
          ...(report.errorCode !== undefined ? { errorCode: report.errorCode } : {}),
          ...(report.info !== undefined ? { info: report.info } : {}),
          ...(report.vendorErrorCode !== undefined ? { vendorErrorCode: report.vendorErrorCode } : {}),
          source: report.source,
          timestamp: statusAt.toISOString(),
          receivedAt: context.receivedAt.toISOString(),
        };
        // Published before the commit: if Kafka fails, the transaction rolls back and the
        // dispatcher retries the whole report (at least once, never lost).
        shared.beforeCommit(() => this.publisher.publish({ topic: this.topic, key: context.stationId, value: JSON.stringify(event) }));
      }
      return decision;
    });
  }
}
