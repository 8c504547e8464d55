export { startReportService, type ReportServiceHandle, type ReportStartOptions } from './start-report-service';
export { loadReportServiceConfig, type ReportServiceConfig } from './config/report-service-config';
export { ReportQueries, type NetworkReport, type ReportHeader, type ReportRequest, type StationReport, type StationsReport } from './application/report-queries';
export { reportApiModule } from './api/report-api.module';
