import type { StartService } from '@voltlane/service-kit';
import { startStationService as start } from './start-station-service';

export type { StationServiceHandle } from './start-station-service';
export type { StationQueryService, StationView } from './services/station-query.service';
export type { CredentialService, StationCredentialInput } from './services/credential.service';
export type { BootPolicyService } from './services/boot-policy.service';
export { stationApiModule } from './api/station-api.module';
export { loadStationServiceConfig, type StationServiceConfig } from './config/station-service-config';
export { generateCertificateAuthority, type CaMaterial } from './certificates/certificate-authority';

/** Starts the station-service (device management); resolves with its handle. */
export const startStationService: StartService = start;
/** The same, typed with the station-service's extras. */
export const startStationServiceHandle = start;
