// Applies the session-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { sessionMigrations } from './migrations';
import { sessionEntities } from './persistence/entities';

runMigrations({ name: 'session-service', defaultSchema: 'session', entities: sessionEntities, migrations: sessionMigrations });
