// Applies the report-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { reportService } from './report.service';

runMigrations(reportService);
