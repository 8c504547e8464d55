import { CreateBillingSchema1761000000000 } from './1761000000000-create-billing-schema';
import { SeedDefaultTariff1761000000001 } from './1761000000001-seed-default-tariff';
import { CdrFilterColumns1761000000002 } from './1761000000002-cdr-filter-columns';
import { StationCost1765200000000 } from './1765200000000-station-cost';
import { CdrsUnpublishedIndex1766000000000 } from './1766000000000-cdrs-unpublished-index';
import { StationTariffResultsApplied1767000000000 } from './1767000000000-station-tariff-results-applied';

/** In order; never edit a released migration, add one. */
export const BILLING_MIGRATIONS = [
  CreateBillingSchema1761000000000,
  SeedDefaultTariff1761000000001,
  CdrFilterColumns1761000000002,
  StationCost1765200000000,
  CdrsUnpublishedIndex1766000000000,
  StationTariffResultsApplied1767000000000,
];
