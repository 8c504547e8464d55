import type { DataSource } from 'typeorm';
import { ConnectorStatusHistoryEntity } from '../persistence/connector-status-history.entity';
import { ConnectorEntity } from '../persistence/connector.entity';
import { DeviceReportPartEntity } from '../persistence/device-report-part.entity';
import { DeviceReportEntity, type DeviceReportKind } from '../persistence/device-report.entity';
import { DeviceVariableEntity } from '../persistence/device-variable.entity';
import { StationEventEntity } from '../persistence/station-event.entity';
import { StationEntity } from '../persistence/station.entity';

export interface StationView extends StationEntity {
  /** Connectors by EVSE (1.6 connectors sit under EVSE 0). */
  evses: { evseId: number; connectors: ConnectorEntity[] }[];
}

/** Read side of the station-service (for the operator API and tests). */
export class StationQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async station(stationId: string): Promise<StationView | null> {
    const station = await this.dataSource.getRepository(StationEntity).findOne({ where: { id: stationId } });
    if (!station) return null;
    const connectors = await this.connectors(stationId);
    const evses = new Map<number, ConnectorEntity[]>();
    for (const c of connectors) evses.set(c.evseId, [...(evses.get(c.evseId) ?? []), c]);
    return { ...station, evses: [...evses].map(([evseId, list]) => ({ evseId, connectors: list })) };
  }

  connectors(stationId: string): Promise<ConnectorEntity[]> {
    return this.dataSource.getRepository(ConnectorEntity).find({ where: { stationId }, order: { evseId: 'ASC', connectorId: 'ASC' } });
  }

  statusHistory(stationId: string): Promise<ConnectorStatusHistoryEntity[]> {
    return this.dataSource.getRepository(ConnectorStatusHistoryEntity).find({ where: { stationId }, order: { id: 'ASC' } });
  }

  events(stationId: string): Promise<StationEventEntity[]> {
    return this.dataSource.getRepository(StationEventEntity).find({ where: { stationId }, order: { id: 'ASC' } });
  }

  async report(
    stationId: string,
    kind: DeviceReportKind,
    requestId: number,
  ): Promise<(DeviceReportEntity & { parts: DeviceReportPartEntity[] }) | null> {
    const report = await this.dataSource.getRepository(DeviceReportEntity).findOne({ where: { stationId, kind, requestId } });
    if (!report) return null;
    const parts = await this.dataSource
      .getRepository(DeviceReportPartEntity)
      .find({ where: { stationId, kind, requestId }, order: { seqNo: 'ASC' } });
    return { ...report, parts };
  }

  deviceModel(stationId: string): Promise<DeviceVariableEntity[]> {
    return this.dataSource
      .getRepository(DeviceVariableEntity)
      .find({ where: { stationId }, order: { componentName: 'ASC', variableName: 'ASC' } });
  }
}
