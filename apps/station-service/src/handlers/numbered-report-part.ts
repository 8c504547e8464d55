import type { v201 } from '@voltlane/ocpp';
import type { ReportPartInput } from '../application/report.service';
import type { Payload } from './versions';

/** The header every numbered 2.x report part carries (NotifyReport, NotifyMonitoringReport, NotifyCustomerInformation). */
type NumberedPartHeader = Pick<v201.NotifyReportRequest, 'requestId' | 'seqNo' | 'tbc' | 'generatedAt'>;

/** A numbered report part as ReportService stores it by requestId: the part's header and its whole payload. */
export function numberedReportPart(kind: ReportPartInput['kind'], payload: Payload): ReportPartInput {
  const { requestId, seqNo, tbc, generatedAt } = payload as unknown as NumberedPartHeader;
  return { kind, requestId, seqNo, tbc, generatedAt, payload };
}
