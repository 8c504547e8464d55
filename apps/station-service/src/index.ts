// Public surface of the station-service app: its definition, how to start it, its handle and API.
import { stationService } from './station.service';

export { stationService, type StationServiceHandle, type StationSurface } from './station.service';
export type { StationQueryService, StationView } from './application/station-query.service';
export type { CredentialService, StationCredentialInput } from './application/credential.service';
export type { BootPolicyService } from './application/boot-policy.service';
export { stationApiModule } from './api/station-api.module';
export { loadStationServiceConfig, type StationServiceConfig } from './config/station-service-config';
export { generateCertificateAuthority, type CaMaterial } from './application/certificates/certificate-authority';

/** `StartService`-compatible; resolves with a `StationServiceHandle`. */
export const startStationService = stationService.start;
