import type { v16 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { StationRecordsService } from '../application/station-records.service';
import { V16, type Payload } from './versions';

/** SignedFirmwareStatusNotification (1.6 security extension). */
export class SignedFirmwareStatusNotificationHandler implements OcppCallHandler {
  readonly action = 'SignedFirmwareStatusNotification';
  readonly versions = V16;

  constructor(private readonly records: StationRecordsService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v16.SignedFirmwareStatusNotificationRequest;
    await this.records.firmwareStatus(context, 'SignedFirmware', p.status, p.requestId, payload);
    return {};
  }
}
