import { CreateBillingSchema1761000000000 } from './1761000000000-create-billing-schema';
import { SeedDefaultTariff1761000000001 } from './1761000000001-seed-default-tariff';

/** In order; never edit a released migration, add one. */
export const BILLING_MIGRATIONS = [CreateBillingSchema1761000000000, SeedDefaultTariff1761000000001];
