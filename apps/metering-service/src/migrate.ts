// Applies the metering-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { meteringService } from './metering.service';

runMigrations(meteringService);
