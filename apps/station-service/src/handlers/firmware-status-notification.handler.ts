import type { v16, v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { StationRecordsService } from '../application/station-records.service';
import { ALL_VERSIONS, type Payload } from './versions';

/** FirmwareStatusNotification: 1.6 (no requestId) and 2.x (requestId of the UpdateFirmware). */
export class FirmwareStatusNotificationHandler implements OcppCallHandler {
  readonly action = 'FirmwareStatusNotification';
  readonly versions = ALL_VERSIONS;

  constructor(private readonly records: StationRecordsService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v16.FirmwareStatusNotificationRequest | v201.FirmwareStatusNotificationRequest;
    await this.records.firmwareStatus(context, 'Firmware', p.status, 'requestId' in p ? p.requestId : undefined, payload);
    return {};
  }
}
