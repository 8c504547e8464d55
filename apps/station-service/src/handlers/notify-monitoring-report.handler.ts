import type { v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { ReportService } from '../application/report.service';
import { V2X, type Payload } from './versions';

/** NotifyMonitoringReport (2.x): multi-part answer to GetMonitoringReport, stored by requestId. */
export class NotifyMonitoringReportHandler implements OcppCallHandler {
  readonly action = 'NotifyMonitoringReport';
  readonly versions = V2X;

  constructor(private readonly reports: ReportService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v201.NotifyMonitoringReportRequest;
    await this.reports.addPart(context, {
      kind: 'Monitoring',
      requestId: p.requestId,
      seqNo: p.seqNo,
      tbc: p.tbc,
      generatedAt: p.generatedAt,
      payload,
    });
    return {};
  }
}
