import type { DataSource } from 'typeorm';
import type { v201 } from '@voltlane/ocpp';
import type { InboundCallContext } from '@voltlane/service-kit';
import { StationEventEntity } from '../persistence/station-event.entity';

/** Stores 2.x NotifyEvent entries. */
export class EventService {
  constructor(private readonly dataSource: DataSource) {}

  async store(context: InboundCallContext, request: v201.NotifyEventRequest): Promise<void> {
    const rows = request.eventData.map((e) => ({
      stationId: context.stationId,
      eventId: e.eventId,
      eventAt: new Date(e.timestamp),
      trigger: e.trigger,
      cause: e.cause ?? null,
      actualValue: e.actualValue,
      techCode: e.techCode ?? null,
      techInfo: e.techInfo ?? null,
      cleared: e.cleared ?? null,
      transactionId: e.transactionId ?? null,
      componentName: e.component.name,
      variableName: e.variable.name,
      eventNotificationType: e.eventNotificationType,
      data: e,
      generatedAt: new Date(request.generatedAt),
      seqNo: request.seqNo,
      receivedAt: context.receivedAt,
      connectionId: context.connectionId,
      messageId: context.messageId,
    }));
    await this.dataSource.createQueryBuilder().insert().into(StationEventEntity).values(rows).orIgnore().execute();
  }
}
