import { stationApiModule, type StationServiceHandle } from '@voltlane/station-service';
import type { ApiModuleFactory } from './api-module-factory';

/** The station-service's operator API module for end-to-end suites. */
export const stationApi: ApiModuleFactory = (running) => stationApiModule(running as StationServiceHandle);
