import { CreateReportSchema1764000000000 } from './1764000000000-create-report-schema';
import { OverviewIndexes1766100000000 } from './1766100000000-overview-indexes';

/** In order; never edit a released migration, add one. */
export const REPORT_MIGRATIONS = [CreateReportSchema1764000000000, OverviewIndexes1766100000000];
