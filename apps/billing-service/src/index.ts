// Public surface of the billing-service app: its definition, how to start it, and its read side.
import { billingService } from './billing.service';

export { billingService, type BillingServiceHandle, type BillingStartOptions, type BillingSurface } from './billing.service';
export { loadBillingServiceConfig, type BillingServiceConfig } from './config/billing-service-config';
export { TariffService, type AssignmentInput, type TariffInput } from './application/tariff.service';
export { BillingQueries, type RunningCostView } from './application/billing-queries';
export { cdrIdOf } from './domain/cdr-id';
export { billingApiModule } from './api/billing-api.module';
export type { CdrFilter } from './persistence/cdr.repository';

/** `StartService`-compatible; resolves with a `BillingServiceHandle`. */
export const startBillingService = billingService.start;
