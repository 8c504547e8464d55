import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { ReportService } from '../application/report.service';
import { numberedReportPart } from './numbered-report-part';
import { V2X, type Payload } from './versions';

/** NotifyCustomerInformation (2.x): multi-part answer to CustomerInformation, stored by requestId. */
export class NotifyCustomerInformationHandler implements OcppCallHandler {
  readonly action = 'NotifyCustomerInformation';
  readonly versions = V2X;

  constructor(private readonly reports: ReportService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    await this.reports.addPart(context, numberedReportPart('CustomerInformation', payload));
    return {};
  }
}
