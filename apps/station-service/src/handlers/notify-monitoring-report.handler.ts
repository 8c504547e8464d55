import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { ReportService } from '../application/report.service';
import { numberedReportPart } from './numbered-report-part';
import { V2X, type Payload } from './versions';

/** NotifyMonitoringReport (2.x): multi-part answer to GetMonitoringReport, stored by requestId. */
export class NotifyMonitoringReportHandler implements OcppCallHandler {
  readonly action = 'NotifyMonitoringReport';
  readonly versions = V2X;

  constructor(private readonly reports: ReportService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    await this.reports.addPart(context, numberedReportPart('Monitoring', payload));
    return {};
  }
}
