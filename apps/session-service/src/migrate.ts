// Applies the session-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { sessionService } from './session.service';

runMigrations(sessionService);
