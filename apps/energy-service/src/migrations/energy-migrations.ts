import { CreateEnergySchema1765400000000 } from './1765400000000-create-energy-schema';

/** In order; never edit a released migration, add one. */
export const ENERGY_MIGRATIONS = [CreateEnergySchema1765400000000];
