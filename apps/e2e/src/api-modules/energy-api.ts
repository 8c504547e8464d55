import { energyApiModule, type EnergyServiceHandle } from '@voltlane/energy-service';
import type { ApiModuleFactory } from './api-module-factory';

/** The energy-service's operator API module for end-to-end suites (as its main.ts serves it). */
export const energyApi: ApiModuleFactory = (running) => energyApiModule(running as EnergyServiceHandle);
