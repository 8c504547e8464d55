import { ocpiApiModule, type OcpiServiceHandle } from '@voltlane/ocpi-service';
import type { ApiModuleFactory } from './api-module-factory';

/** The ocpi-service's HTTP module (OCPI endpoints and operator API) for end-to-end suites (as its main.ts serves it). */
export const ocpiApi: ApiModuleFactory = (running) => ocpiApiModule(running as OcpiServiceHandle);
