// Public surface of the energy-service app: its definition and how to start it.
import { energyService } from './energy.service';

export { energyService, type EnergyServiceHandle, type EnergyStartOptions, type EnergySurface } from './energy.service';
export { loadEnergyServiceConfig, type EnergyServiceConfig } from './config/energy-service-config';

/** `StartService`-compatible; resolves with an `EnergyServiceHandle`. */
export const startEnergyService = energyService.start;
export { energyApiModule } from './api/energy-api.module';
