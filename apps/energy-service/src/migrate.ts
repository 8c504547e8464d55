// Applies the energy-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { energyService } from './energy.service';

runMigrations(energyService);
