// Applies the billing-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { BILLING_MIGRATIONS } from './migrations/billing-migrations';
import { BILLING_ENTITIES } from './persistence/billing-entities';

runMigrations({ name: 'billing-service', defaultSchema: 'billing', entities: BILLING_ENTITIES, migrations: BILLING_MIGRATIONS });
