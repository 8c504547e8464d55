import type { EnergyOperations } from '../application/energy-operations';

/** What the energy API controllers use: the running service's `operations`. */
export type EnergyApiDeps = EnergyOperations;

export const ENERGY_API = Symbol('EnergyApiDeps');
