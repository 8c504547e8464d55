// Applies the billing-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { billingService } from './billing.service';

runMigrations(billingService);
