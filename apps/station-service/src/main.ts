import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { stationApiModule, startStationServiceHandle } from './index';

runServiceProcess({
  name: 'station-service',
  telemetry,
  start: startStationServiceHandle,
  apiModule: stationApiModule,
  // In the distributed deployment the station-service also serves /api/v1/api-keys.
  serveApiKeys: true,
});
