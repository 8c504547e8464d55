import { CreateReportSchema1764000000000 } from './1764000000000-create-report-schema';

/** In order; never edit a released migration, add one. */
export const REPORT_MIGRATIONS = [CreateReportSchema1764000000000];
