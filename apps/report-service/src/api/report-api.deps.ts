/** The running service's configuration, for the report API controller (report limits). */
export const REPORT_CONFIG = Symbol('ReportServiceConfig');
