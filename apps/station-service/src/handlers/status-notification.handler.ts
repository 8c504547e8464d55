import type { v16, v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { StatusService } from '../application/status.service';
import { ALL_VERSIONS, type Payload } from './versions';

/** StatusNotification: 1.6 per connector (0 = charge point, with error fields); 2.x per EVSE/connector. */
export class StatusNotificationHandler implements OcppCallHandler {
  readonly action = 'StatusNotification';
  readonly versions = ALL_VERSIONS;

  constructor(private readonly status: StatusService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    if (context.protocol === 'ocpp1.6') {
      const p = payload as unknown as v16.StatusNotificationRequest;
      await this.status.report(context, {
        connectorId: p.connectorId,
        status: p.status,
        errorCode: p.errorCode,
        info: p.info,
        vendorErrorCode: p.vendorErrorCode,
        timestamp: p.timestamp,
        source: 'StatusNotification',
      });
    } else {
      const p = payload as unknown as v201.StatusNotificationRequest;
      await this.status.report(context, {
        evseId: p.evseId,
        connectorId: p.connectorId,
        status: p.connectorStatus,
        timestamp: p.timestamp,
        source: 'StatusNotification',
      });
    }
    return {};
  }
}
