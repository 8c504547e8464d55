import type { v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { StationRecordsService } from '../application/station-records.service';
import { V2X, type Payload } from './versions';

/** PublishFirmwareStatusNotification (2.x, from a Local Controller). */
export class PublishFirmwareStatusNotificationHandler implements OcppCallHandler {
  readonly action = 'PublishFirmwareStatusNotification';
  readonly versions = V2X;

  constructor(private readonly records: StationRecordsService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v201.PublishFirmwareStatusNotificationRequest;
    await this.records.firmwareStatus(context, 'PublishFirmware', p.status, p.requestId, payload);
    return {};
  }
}
