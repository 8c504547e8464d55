// Applies the station-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { STATION_ENTITIES } from './entities/station-entities';
import { STATION_SERVICE_MIGRATIONS } from './start-station-service';

runMigrations({ name: 'station-service', defaultSchema: 'station', entities: STATION_ENTITIES, migrations: STATION_SERVICE_MIGRATIONS });
