import type { v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { ReportDataInput, ReportService } from '../application/report.service';
import { numberedReportPart } from './numbered-report-part';
import { V2X, type Payload } from './versions';

/** NotifyReport (2.x): assembles the parts of a GetBaseReport/GetReport answer into the device model. */
export class NotifyReportHandler implements OcppCallHandler {
  readonly action = 'NotifyReport';
  readonly versions = V2X;

  constructor(private readonly reports: ReportService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v201.NotifyReportRequest;
    await this.reports.addPart(context, numberedReportPart('Report', payload), (p.reportData ?? []) as unknown as ReportDataInput[]);
    return {};
  }
}
