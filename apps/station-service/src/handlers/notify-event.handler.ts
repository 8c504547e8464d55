import type { StationConnectorStatus } from '@voltlane/contracts';
import type { v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import { eventFaultSignals } from '../domain/fault-rules';
import { CONNECTOR_STATUSES_2X } from '../domain/status-ordering';
import type { EventService } from '../application/event.service';
import type { FaultService } from '../application/fault.service';
import type { StatusService } from '../application/status.service';
import { V2X, type Payload } from './versions';

/**
 * NotifyEvent (2.x): stores the events; `Connector` / `AvailabilityState` events also set the
 * connector's status (how 2.1, and OCTT, report availability). Alerting events and `Problem`
 * variables open faults, their `cleared` events resolve them.
 */
export class NotifyEventHandler implements OcppCallHandler {
  readonly action = 'NotifyEvent';
  readonly versions = V2X;

  constructor(
    private readonly events: EventService,
    private readonly status: StatusService,
    private readonly faults: FaultService,
  ) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const request = payload as unknown as v201.NotifyEventRequest;
    await this.events.store(context, request);
    for (const event of request.eventData) {
      const evse = event.component.evse;
      if (!isAvailabilityState(event) || !evse || !CONNECTOR_STATUSES_2X.includes(event.actualValue)) continue;
      await this.status.report(context, {
        evseId: evse.id,
        connectorId: evse.connectorId ?? 0,
        status: event.actualValue as StationConnectorStatus,
        timestamp: event.timestamp,
        source: 'NotifyEvent',
      });
    }
    await this.faults.record(context, request.eventData.flatMap(eventFaultSignals));
    return {};
  }
}

function isAvailabilityState(event: v201.EventDataType): boolean {
  return event.component.name.toLowerCase() === 'connector' && event.variable.name.toLowerCase() === 'availabilitystate';
}
