import { Brackets, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Page, PageQuery } from '@voltlane/api-kit';
import { AvailabilityEntity } from '../persistence/availability.entity';
import { ConfigurationKeyEntity } from '../persistence/configuration-key.entity';
import { ConnectorStatusHistoryEntity } from '../persistence/connector-status-history.entity';
import { ConnectorEntity } from '../persistence/connector.entity';
import { DeviceReportEntity } from '../persistence/device-report.entity';
import { DeviceVariableEntity } from '../persistence/device-variable.entity';
import { DiagnosticsStatusHistoryEntity } from '../persistence/diagnostics-status-history.entity';
import { FirmwareStatusHistoryEntity } from '../persistence/firmware-status-history.entity';
import { LogStatusHistoryEntity } from '../persistence/log-status-history.entity';
import { SecurityEventEntity } from '../persistence/security-event.entity';
import { StationCommandRecordEntity } from '../persistence/station-command-record.entity';
import { StationCredentialEntity } from '../persistence/station-credential.entity';
import { StationEntity } from '../persistence/station.entity';
import { StationEventEntity } from '../persistence/station-event.entity';

export interface StationListQuery extends PageQuery {
  online?: boolean;
  protocol?: string;
  /** Boot status: Accepted | Pending | Rejected. */
  status?: string;
  /** Some connector has this status (Available, Charging, Occupied, Faulted, …). */
  connectorStatus?: string;
  /** Station id prefix. */
  search?: string;
  /** Vendor, any letter case. */
  vendor?: string;
  /** Comma-separated station ids. */
  ids?: string;
}

export interface TimeRangeQuery extends PageQuery {
  from?: string;
  to?: string;
}

/** What an operator sees about a station's credentials: never the password or its hash. */
export interface CredentialView {
  stationId: string;
  securityProfile: number;
  passwordSet: boolean;
  certificateSubject: string | null;
  updatedAt: Date;
}

export type StationSummary = StationEntity & { connectors: Pick<ConnectorEntity, 'evseId' | 'connectorId' | 'status' | 'statusAt'>[] };
export type StationDetail = StationEntity & {
  evses: { evseId: number; connectors: ConnectorEntity[] }[];
  availability: AvailabilityEntity[];
  credentials: CredentialView | null;
};

/** One request (UpdateFirmware, GetDiagnostics, GetLog, …) with the status notifications that followed it. */
export type RequestWithNotifications<N> = StationCommandRecordEntity & { notifications: N[] };

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The read side of the operator API (framework-free; the Nest controllers only map HTTP). */
export class StationApiQueries {
  constructor(private readonly dataSource: DataSource) {}

  async exists(stationId: string): Promise<boolean> {
    return this.dataSource.getRepository(StationEntity).exists({ where: { id: stationId } });
  }

  async list(query: StationListQuery): Promise<Page<StationSummary>> {
    const qb = this.dataSource.getRepository(StationEntity).createQueryBuilder('s');
    if (query.online !== undefined) qb.andWhere('s.online = :online', { online: query.online });
    if (query.protocol) qb.andWhere('s.protocol = :protocol', { protocol: query.protocol });
    if (query.status) qb.andWhere('s.boot_status = :status', { status: query.status });
    if (query.search) qb.andWhere(`s.id LIKE :prefix ESCAPE '\\'`, { prefix: `${escapeLike(query.search)}%` });
    if (query.vendor) qb.andWhere('lower(s.vendor) = lower(:vendor)', { vendor: query.vendor });
    if (query.ids) qb.andWhere('s.id IN (:...ids)', { ids: query.ids.split(',') });
    if (query.connectorStatus) {
      qb.andWhere('EXISTS (SELECT 1 FROM connector c WHERE c.station_id = s.id AND c.status = :connectorStatus)', {
        connectorStatus: query.connectorStatus,
      });
    }
    const [stations, total] = await qb.orderBy('s.id', 'ASC').skip(query.offset).take(query.limit).getManyAndCount();
    const connectors = stations.length
      ? await this.dataSource
          .getRepository(ConnectorEntity)
          .createQueryBuilder('c')
          .where('c.station_id IN (:...ids)', { ids: stations.map((s) => s.id) })
          .orderBy('c.evse_id', 'ASC')
          .addOrderBy('c.connector_id', 'ASC')
          .getMany()
      : [];
    const items = stations.map((s) => ({
      ...s,
      connectors: connectors
        .filter((c) => c.stationId === s.id)
        .map((c) => ({ evseId: c.evseId, connectorId: c.connectorId, status: c.status, statusAt: c.statusAt })),
    }));
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async detail(stationId: string): Promise<StationDetail | null> {
    const station = await this.dataSource.getRepository(StationEntity).findOne({ where: { id: stationId } });
    if (!station) return null;
    const [connectors, availability, credentials] = await Promise.all([
      this.dataSource.getRepository(ConnectorEntity).find({ where: { stationId }, order: { evseId: 'ASC', connectorId: 'ASC' } }),
      this.dataSource.getRepository(AvailabilityEntity).find({ where: { stationId }, order: { evseId: 'ASC', connectorId: 'ASC' } }),
      this.credentials(stationId),
    ]);
    const evses = new Map<number, ConnectorEntity[]>();
    for (const c of connectors) evses.set(c.evseId, [...(evses.get(c.evseId) ?? []), c]);
    return { ...station, evses: [...evses].map(([evseId, list]) => ({ evseId, connectors: list })), availability, credentials };
  }

  async credentials(stationId: string): Promise<CredentialView | null> {
    const row = await this.dataSource.getRepository(StationCredentialEntity).findOne({ where: { stationId } });
    if (!row) return null;
    return {
      stationId,
      securityProfile: row.securityProfile,
      passwordSet: row.passwordHash !== null,
      certificateSubject: row.certificateSubject,
      updatedAt: row.updatedAt,
    };
  }

  configuration(stationId: string, query: PageQuery & { key?: string }): Promise<Page<ConfigurationKeyEntity>> {
    const qb = this.dataSource
      .getRepository(ConfigurationKeyEntity)
      .createQueryBuilder('k')
      .where('k.station_id = :stationId', { stationId });
    if (query.key) qb.andWhere('k.key = :key', { key: query.key });
    return paged(qb.orderBy('k.key', 'ASC'), query);
  }

  deviceModel(stationId: string, query: PageQuery & { component?: string; variable?: string }): Promise<Page<DeviceVariableEntity>> {
    const qb = this.dataSource
      .getRepository(DeviceVariableEntity)
      .createQueryBuilder('v')
      .where('v.station_id = :stationId', { stationId });
    if (query.component) qb.andWhere('v.component_name = :component', { component: query.component });
    if (query.variable) qb.andWhere('v.variable_name = :variable', { variable: query.variable });
    return paged(
      qb
        .orderBy('v.component_name', 'ASC')
        .addOrderBy('v.component_instance', 'ASC')
        .addOrderBy('v.evse_id')
        .addOrderBy('v.connector_id')
        .addOrderBy('v.variable_name')
        .addOrderBy('v.variable_instance'),
      query,
    );
  }

  statusHistory(
    stationId: string,
    query: TimeRangeQuery & { evseId?: number; connectorId?: number },
  ): Promise<Page<ConnectorStatusHistoryEntity>> {
    const qb = this.dataSource
      .getRepository(ConnectorStatusHistoryEntity)
      .createQueryBuilder('h')
      .where('h.station_id = :stationId', { stationId });
    range(qb, 'h.status_at', query);
    if (query.evseId !== undefined) qb.andWhere('h.evse_id = :evseId', { evseId: query.evseId });
    if (query.connectorId !== undefined) qb.andWhere('h.connector_id = :connectorId', { connectorId: query.connectorId });
    return paged(qb.orderBy('h.status_at', 'ASC').addOrderBy('h.id', 'ASC'), query);
  }

  events(stationId: string, query: TimeRangeQuery): Promise<Page<StationEventEntity>> {
    const qb = this.dataSource.getRepository(StationEventEntity).createQueryBuilder('e').where('e.station_id = :stationId', { stationId });
    return paged(range(qb, 'e.event_at', query).orderBy('e.event_at', 'ASC').addOrderBy('e.id', 'ASC'), query);
  }

  securityEvents(stationId: string, query: TimeRangeQuery): Promise<Page<SecurityEventEntity>> {
    const qb = this.dataSource.getRepository(SecurityEventEntity).createQueryBuilder('e').where('e.station_id = :stationId', { stationId });
    return paged(range(qb, 'e.event_at', query).orderBy('e.event_at', 'ASC').addOrderBy('e.id', 'ASC'), query);
  }

  reports(stationId: string, query: PageQuery & { kind?: string }): Promise<Page<DeviceReportEntity>> {
    const qb = this.dataSource.getRepository(DeviceReportEntity).createQueryBuilder('r').where('r.station_id = :stationId', { stationId });
    if (query.kind) qb.andWhere('r.kind = :kind', { kind: query.kind });
    return paged(qb.orderBy('r.generated_at', 'DESC').addOrderBy('r.id', 'DESC'), query);
  }

  commands(stationId: string, query: TimeRangeQuery & { action?: string }): Promise<Page<StationCommandRecordEntity>> {
    const qb = this.dataSource
      .getRepository(StationCommandRecordEntity)
      .createQueryBuilder('r')
      .where('r.station_id = :stationId', { stationId });
    if (query.action) qb.andWhere('r.action = :action', { action: query.action });
    return paged(range(qb, 'r.sent_at', query).orderBy('r.sent_at', 'DESC').addOrderBy('r.id', 'DESC'), query);
  }

  /** UpdateFirmware / SignedUpdateFirmware requests with their firmware status notifications. */
  firmware(stationId: string, query: PageQuery): Promise<Page<RequestWithNotifications<FirmwareStatusHistoryEntity>>> {
    return this.requests(stationId, query, ['UpdateFirmware', 'SignedUpdateFirmware'], FirmwareStatusHistoryEntity, {
      kinds: ['Firmware', 'SignedFirmware'],
    });
  }

  /** PublishFirmware / UnpublishFirmware requests with the PublishFirmwareStatusNotifications. */
  publishedFirmware(stationId: string, query: PageQuery): Promise<Page<RequestWithNotifications<FirmwareStatusHistoryEntity>>> {
    return this.requests(stationId, query, ['PublishFirmware', 'UnpublishFirmware'], FirmwareStatusHistoryEntity, {
      kinds: ['PublishFirmware'],
    });
  }

  /** 1.6 GetDiagnostics requests (file name) with the DiagnosticsStatusNotifications that followed. */
  diagnostics(stationId: string, query: PageQuery): Promise<Page<RequestWithNotifications<DiagnosticsStatusHistoryEntity>>> {
    return this.requests(stationId, query, ['GetDiagnostics'], DiagnosticsStatusHistoryEntity, {});
  }

  /** GetLog requests (requestId, file name) with their LogStatusNotifications. */
  logs(stationId: string, query: PageQuery): Promise<Page<RequestWithNotifications<LogStatusHistoryEntity>>> {
    return this.requests(stationId, query, ['GetLog'], LogStatusHistoryEntity, {});
  }

  /** Certificate and reset requests and what the station answered. */
  certificates(stationId: string, query: PageQuery): Promise<Page<StationCommandRecordEntity>> {
    const qb = this.dataSource
      .getRepository(StationCommandRecordEntity)
      .createQueryBuilder('r')
      .where('r.station_id = :stationId', { stationId })
      .andWhere('r.action IN (:...actions)', {
        actions: ['CertificateSigned', 'InstallCertificate', 'DeleteCertificate', 'GetInstalledCertificateIds'],
      });
    return paged(qb.orderBy('r.sent_at', 'DESC').addOrderBy('r.id', 'DESC'), query);
  }

  /**
   * Requests of `actions`, newest first, each with its notifications: by requestId when both
   * carry one; otherwise (1.6 UpdateFirmware / GetDiagnostics) the notifications received after
   * the request and before the next one. Notifications before any request come unlinked
   * (`unlinked`, e.g. triggered ones).
   */
  private async requests<N extends { requestId?: number | null; receivedAt: Date; kind?: string }>(
    stationId: string,
    query: PageQuery,
    actions: string[],
    notificationEntity: new () => N,
    filter: { kinds?: string[] },
  ): Promise<Page<RequestWithNotifications<N>> & { unlinked: N[] }> {
    const all = await this.dataSource
      .getRepository(StationCommandRecordEntity)
      .find({ where: actions.map((action) => ({ stationId, action })), order: { sentAt: 'ASC', id: 'ASC' } });
    const qb = this.dataSource.getRepository(notificationEntity).createQueryBuilder('n').where('n.station_id = :stationId', { stationId });
    if (filter.kinds) qb.andWhere('n.kind IN (:...kinds)', { kinds: filter.kinds });
    const notifications = await qb.orderBy('n.received_at', 'ASC').addOrderBy('n.id', 'ASC').getMany();
    const linked = new Map<string, N[]>(all.map((r) => [r.id, []]));
    const unlinked: N[] = [];
    for (const n of notifications) {
      const byId = typeof n.requestId === 'number' ? all.filter((r) => r.requestId === n.requestId).pop() : undefined;
      const byTime = byId ?? all.filter((r) => r.requestId === null && r.sentAt <= n.receivedAt).pop();
      if (byTime) linked.get(byTime.id)?.push(n);
      else unlinked.push(n);
    }
    const newestFirst = [...all].reverse();
    const items = newestFirst.slice(query.offset, query.offset + query.limit).map((r) => ({ ...r, notifications: linked.get(r.id) ?? [] }));
    return { items, total: all.length, limit: query.limit, offset: query.offset, unlinked: unlinked.slice(-query.limit) };
  }
}

function range<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  query: { from?: string; to?: string },
): SelectQueryBuilder<T> {
  if (query.from || query.to) {
    qb.andWhere(
      new Brackets((w) => {
        if (query.from) w.andWhere(`${column} >= :from`, { from: new Date(query.from) });
        if (query.to) w.andWhere(`${column} < :to`, { to: new Date(query.to) });
      }),
    );
  }
  return qb;
}

async function paged<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: PageQuery): Promise<Page<T>> {
  const [items, total] = await qb.skip(query.offset).take(query.limit).getManyAndCount();
  return { items, total, limit: query.limit, offset: query.offset };
}
