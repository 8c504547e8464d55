import type { v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { ReportService } from '../application/report.service';
import { V2X, type Payload } from './versions';

/** NotifyCustomerInformation (2.x): multi-part answer to CustomerInformation, stored by requestId. */
export class NotifyCustomerInformationHandler implements OcppCallHandler {
  readonly action = 'NotifyCustomerInformation';
  readonly versions = V2X;

  constructor(private readonly reports: ReportService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v201.NotifyCustomerInformationRequest;
    await this.reports.addPart(context, {
      kind: 'CustomerInformation',
      requestId: p.requestId,
      seqNo: p.seqNo,
      tbc: p.tbc,
      generatedAt: p.generatedAt,
      payload,
    });
    return {};
  }
}
