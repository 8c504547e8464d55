// Applies the report-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { REPORT_MIGRATIONS } from './migrations/report-migrations';
import { REPORT_ENTITIES } from './persistence/report-entities';

runMigrations({ name: 'report-service', defaultSchema: 'report', entities: REPORT_ENTITIES, migrations: REPORT_MIGRATIONS });
