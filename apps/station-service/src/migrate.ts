// Applies the station-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { stationService } from './station.service';

runMigrations(stationService);
