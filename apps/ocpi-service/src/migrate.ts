// Applies the ocpi-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { ocpiService } from './ocpi.service';

runMigrations(ocpiService);
