export { startBillingService, type BillingServiceHandle, type BillingStartOptions } from './start-billing-service';
export { loadBillingServiceConfig, type BillingServiceConfig } from './config/billing-service-config';
export { TariffService, type AssignmentInput, type TariffInput } from './application/tariff.service';
export { BillingQueries, type RunningCostView } from './application/billing-queries';
export { cdrIdOf } from './cdr/cdr-id';
export { billingApiModule } from './api/billing-api.module';
export type { CdrFilter } from './persistence/cdr.repository';
