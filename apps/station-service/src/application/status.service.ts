import type { DataSource, EntityManager } from 'typeorm';
import type { EventPublisher } from '@voltlane/messaging';
import type { StationConnectorStatus, StationStatusEvent } from '@voltlane/contracts';
import { Batcher, assertColumnBounds, multiRowValues, type InboundCallContext } from '@voltlane/service-kit';
import { statusFaultSignals } from '../domain/fault-rules';
import { decideStatus, type StatusDecision } from '../domain/status-ordering';
import { ConnectorStatusHistoryEntity } from '../persistence/connector-status-history.entity';
import { ConnectorEntity } from '../persistence/connector.entity';
import type { FaultService } from './fault.service';

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

/** One report as the batch handles it. */
interface StatusUnit {
  context: InboundCallContext;
  report: ConnectorStatusReport;
  key: { stationId: string; evseId: number; connectorId: number };
  incoming: {
    status: StationConnectorStatus;
    errorCode: string | null;
    info: string | null;
    vendorErrorCode: string | null;
    statusAt: Date;
  };
}

/**
 * Keeps each connector's current status and its history; publishes changes. Error codes and
 * Faulted statuses open faults, a later NoError status resolves them (FaultService), in the same
 * transaction.
 *
 * The reports of different stations handled at once are applied together, in one transaction
 * of five statements whatever their number: lock the stations (in id order), read their
 * connectors, insert the history rows, look for open faults, upsert the connectors. Only a
 * report with fault work to do (a raise, or a station with open faults) goes through
 * FaultService on its own. Each report is answered once its batch has committed.
 */
export class StatusService {
  private readonly batches: Batcher<StatusUnit, StatusDecision>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly topic: string,
    private readonly faults: FaultService,
  ) {
    // Batches in flight at once lock their stations in id order, in one statement each.
    this.batches = new Batcher(
      (units) => this.dataSource.transaction((m) => this.applyAll(m, units)),
      async (unit) => (await this.dataSource.transaction((m) => this.applyAll(m, [unit])))[0],
      { concurrency: 4, maxItems: 64 },
    );
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
    // The key reaches a SELECT before the writes: refuse what no column can hold first.
    assertColumnBounds(this.dataSource, ConnectorEntity, { ...key, ...incoming, source: report.source });
    assertColumnBounds(this.dataSource, ConnectorStatusHistoryEntity, {
      ...key,
      ...incoming,
      source: report.source,
      connectionId: context.connectionId,
      messageId: context.messageId,
    });
    return this.batches.submit({ context, report, key, incoming });
  }

  /** Applies the units in `m`'s transaction; units of one station (or one connector) twice go one batch each, in order. */
  private async applyAll(m: EntityManager, units: readonly StatusUnit[]): Promise<StatusDecision[]> {
    if (new Set(units.map((u) => u.key.stationId)).size < units.length) {
      const out: StatusDecision[] = [];
      for (const unit of units) out.push(...(await this.applyBatch(m, [unit])));
      return out;
    }
    return this.applyBatch(m, units);
  }

  private async applyBatch(m: EntityManager, units: readonly StatusUnit[]): Promise<StatusDecision[]> {
    const stations = [...new Set(units.map((u) => u.key.stationId))].sort();
    // Locks the station rows: one writer per station, so the read-decide-write below is safe.
    await m.query(
      `INSERT INTO station (id) SELECT id FROM unnest($1::text[]) AS t(id) ORDER BY id ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id`,
      [stations],
    );
    const current = await this.connectors(m, units);
    const decisions = units.map((u) => decideStatus(current.get(connectorKey(u.key)) ?? null, u.incoming));
    const fresh = await this.insertHistory(m, units, decisions);
    // Fault rules for the new reports; only those with work to do reach FaultService.
    const signals = units.map((u, i) =>
      fresh[i]
        ? statusFaultSignals({
            evseId: u.key.evseId,
            connectorId: u.report.connectorId,
            ...u.incoming,
            at: u.incoming.statusAt,
            current: decisions[i].apply,
          })
        : [],
    );
    const withOpen = signals.some((list) => list.length > 0) ? await this.stationsWithOpenFaults(m, stations) : new Set<string>();
    for (const [i, unit] of units.entries()) {
      const list = signals[i];
      if (list.length === 0) continue;
      if (list.every((signal) => signal.kind === 'clear') && !withOpen.has(unit.key.stationId)) continue;
      await this.faults.applyIn(m, unit.context, list);
    }
    await this.upsertConnectors(
      m,
      units.filter((_, i) => decisions[i].apply),
    );
    const events = units.flatMap((u, i) => (decisions[i].changed ? [statusEvent(u, current.get(connectorKey(u.key)))] : []));
    // Published before the commit: if Kafka fails, the transaction rolls back and the reports
    // are retried (at least once, never lost).
    await Promise.all(
      events.map((event) => this.publisher.publish({ topic: this.topic, key: event.stationId, value: JSON.stringify(event) })),
    );
    return decisions;
  }

  private async connectors(m: EntityManager, units: readonly StatusUnit[]): Promise<Map<string, ConnectorEntity>> {
    const rows = await m.getRepository(ConnectorEntity).find({ where: units.map((u) => u.key) });
    return new Map(rows.map((row) => [connectorKey(row), row]));
  }

  /** The history rows (every report, applied or not); which were new (not a re-delivered frame). */
  private async insertHistory(m: EntityManager, units: readonly StatusUnit[], decisions: readonly StatusDecision[]): Promise<boolean[]> {
    const values = multiRowValues(
      units.map((u, i) => [...statusValues(u), decisions[i].apply, u.context.receivedAt, u.context.connectionId, u.context.messageId]),
    );
    const inserted = await m.query<
      { station_id: string; evse_id: number; connector_id: number; connection_id: string; message_id: string; status_at: Date }[]
    >(
      `INSERT INTO connector_status_history (${STATUS_COLUMNS}, applied, received_at, connection_id, message_id)
       VALUES ${values.sql}
       ON CONFLICT DO NOTHING
       RETURNING station_id, evse_id, connector_id, connection_id, message_id, status_at`,
      values.params,
    );
    const isNew = new Set(
      inserted.map((r) => historyKey(r.station_id, r.evse_id, r.connector_id, r.connection_id, r.message_id, r.status_at)),
    );
    return units.map((u) =>
      isNew.has(
        historyKey(u.key.stationId, u.key.evseId, u.key.connectorId, u.context.connectionId, u.context.messageId, u.incoming.statusAt),
      ),
    );
  }

  private async stationsWithOpenFaults(m: EntityManager, stations: readonly string[]): Promise<Set<string>> {
    const rows = await m.query<{ station_id: string }[]>(
      `SELECT DISTINCT station_id FROM station_fault WHERE station_id = ANY($1::text[]) AND state = 'open'`,
      [stations],
    );
    return new Set(rows.map((r) => r.station_id));
  }

  private async upsertConnectors(m: EntityManager, units: readonly StatusUnit[]): Promise<void> {
    if (units.length === 0) return;
    const now = new Date();
    const values = multiRowValues(units.map((u) => [...statusValues(u), now]));
    await m.query(
      `INSERT INTO connector (${STATUS_COLUMNS}, updated_at)
       VALUES ${values.sql}
       ON CONFLICT (station_id, evse_id, connector_id) DO UPDATE SET
         status = EXCLUDED.status, error_code = EXCLUDED.error_code, info = EXCLUDED.info, vendor_error_code = EXCLUDED.vendor_error_code,
         source = EXCLUDED.source, status_at = EXCLUDED.status_at, updated_at = EXCLUDED.updated_at`,
      values.params,
    );
  }
}

/** The columns a status report fills in both `connector` and `connector_status_history`, and their values for a unit. */
const STATUS_COLUMNS = 'station_id, evse_id, connector_id, status, error_code, info, vendor_error_code, source, status_at';
function statusValues(u: StatusUnit): unknown[] {
  return [
    u.key.stationId,
    u.key.evseId,
    u.key.connectorId,
    u.incoming.status,
    u.incoming.errorCode,
    u.incoming.info,
    u.incoming.vendorErrorCode,
    u.report.source,
    u.incoming.statusAt,
  ];
}

function connectorKey(k: { stationId: string; evseId: number; connectorId: number }): string {
  return `${k.stationId}\u0000${k.evseId}\u0000${k.connectorId}`;
}

function historyKey(
  stationId: string,
  evseId: number,
  connectorId: number,
  connectionId: string,
  messageId: string,
  statusAt: Date,
): string {
  return [stationId, evseId, connectorId, connectionId, messageId, statusAt.getTime()].join('\u0000');
}

function statusEvent(unit: StatusUnit, current: ConnectorEntity | undefined): StationStatusEvent {
  const { context, report } = unit;
  return {
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
    timestamp: unit.incoming.statusAt.toISOString(),
    receivedAt: context.receivedAt.toISOString(),
  };
}
