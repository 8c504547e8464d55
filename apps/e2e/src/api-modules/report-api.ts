import { reportApiModule, type ReportServiceHandle } from '@voltlane/report-service';
import type { ApiModuleFactory } from './api-module-factory';

/** The report-service's operator API module for end-to-end suites (as its main.ts serves it). */
export const reportApi: ApiModuleFactory = (running) => reportApiModule(running as ReportServiceHandle);
