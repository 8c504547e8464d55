// Public surface of the report-service app: its definition, how to start it, and its reports.
import { reportService } from './report.service';

export { reportService, type ReportServiceHandle, type ReportStartOptions, type ReportSurface } from './report.service';
export { loadReportServiceConfig, type ReportServiceConfig } from './config/report-service-config';
export {
  ReportQueries,
  type NetworkReport,
  type ReportHeader,
  type ReportRequest,
  type StationReport,
  type StationsReport,
} from './application/report-queries';
export { OverviewQueries, type NetworkOverview } from './application/overview-queries';
export { reportApiModule } from './api/report-api.module';

/** `StartService`-compatible; resolves with a `ReportServiceHandle`. */
export const startReportService = reportService.start;
