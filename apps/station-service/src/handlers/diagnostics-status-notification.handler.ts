import type { v16 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { StationRecordsService } from '../application/station-records.service';
import { V16, type Payload } from './versions';

/** DiagnosticsStatusNotification (1.6). */
export class DiagnosticsStatusNotificationHandler implements OcppCallHandler {
  readonly action = 'DiagnosticsStatusNotification';
  readonly versions = V16;

  constructor(private readonly records: StationRecordsService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v16.DiagnosticsStatusNotificationRequest;
    await this.records.diagnosticsStatus(context, p.status, payload);
    return {};
  }
}
