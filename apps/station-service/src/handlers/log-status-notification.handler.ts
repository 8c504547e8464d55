import type { v16, v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { StationRecordsService } from '../application/station-records.service';
import { ALL_VERSIONS, type Payload } from './versions';

/** LogStatusNotification (1.6 security extension, 2.x). */
export class LogStatusNotificationHandler implements OcppCallHandler {
  readonly action = 'LogStatusNotification';
  readonly versions = ALL_VERSIONS;

  constructor(private readonly records: StationRecordsService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v16.LogStatusNotificationRequest | v201.LogStatusNotificationRequest;
    await this.records.logStatus(context, p.status, p.requestId, payload);
    return {};
  }
}
