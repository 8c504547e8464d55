// Public surface of the ocpi-service app: its definition and how to start it.
import { ocpiService } from './ocpi.service';

export { ocpiService, type OcpiServiceHandle, type OcpiStartOptions, type OcpiSurface } from './ocpi.service';
export { loadOcpiServiceConfig, type OcpiServiceConfig } from './config/ocpi-service-config';

/** `StartService`-compatible; resolves with an `OcpiServiceHandle`. */
export const startOcpiService = ocpiService.start;
export { ocpiApiModule } from './api/ocpi-api.module';
