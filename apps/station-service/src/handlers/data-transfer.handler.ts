import type { v16, v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { StationRecordsService } from '../application/station-records.service';
import { ALL_VERSIONS, type Payload } from './versions';

/** DataTransfer: no vendor extension is known yet; the request is stored and answered UnknownVendorId. */
export class DataTransferHandler implements OcppCallHandler {
  readonly action = 'DataTransfer';
  readonly versions = ALL_VERSIONS;

  constructor(private readonly records: StationRecordsService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v16.DataTransferRequest | v201.DataTransferRequest;
    const status = 'UnknownVendorId';
    await this.records.dataTransfer(context, p.vendorId, p.messageId, status, payload);
    return { status } satisfies v16.DataTransferResponse;
  }
}
