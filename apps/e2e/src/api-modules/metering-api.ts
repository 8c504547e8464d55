import { meteringApiModule, type MeteringServiceHandle } from '@voltlane/metering-service';
import type { ApiModuleFactory } from './api-module-factory';

/** The metering-service's operator API module for end-to-end suites. */
export const meteringApi: ApiModuleFactory = (running) => meteringApiModule(running as MeteringServiceHandle);
