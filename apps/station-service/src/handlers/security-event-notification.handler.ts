import type { v16, v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { StationRecordsService } from '../services/station-records.service';
import { ALL_VERSIONS, type Payload } from './versions';

/** SecurityEventNotification (1.6 security extension, 2.x). */
export class SecurityEventNotificationHandler implements OcppCallHandler {
  readonly action = 'SecurityEventNotification';
  readonly versions = ALL_VERSIONS;

  constructor(private readonly records: StationRecordsService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v16.SecurityEventNotificationRequest | v201.SecurityEventNotificationRequest;
    await this.records.securityEvent(context, p.type, p.timestamp, p.techInfo, payload);
    return {};
  }
}
