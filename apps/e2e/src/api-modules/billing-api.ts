import { billingApiModule, type BillingServiceHandle } from '@voltlane/billing-service';
import type { ApiModuleFactory } from './api-module-factory';

/** The billing-service's operator API module for end-to-end suites (as its main.ts serves it). */
export const billingApi: ApiModuleFactory = (running) => billingApiModule(running as BillingServiceHandle);
