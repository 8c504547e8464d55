// Applies the customer-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { customerService } from './customer.service';

runMigrations(customerService);
