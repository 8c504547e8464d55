import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { stationApiModule, stationService } from './index';

runServiceProcess({
  service: stationService,
  telemetry,
  apiModule: stationApiModule,
  // In the distributed deployment the station-service also serves /api/v1/api-keys.
  serveApiKeys: true,
});
