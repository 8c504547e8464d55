import { customerApiModule, type CustomerServiceHandle } from '@voltlane/customer-service';
import type { ApiModuleFactory } from './api-module-factory';

/** The customer-service's operator API module for end-to-end suites (as its main.ts serves it). */
export const customerApi: ApiModuleFactory = (running) => customerApiModule(running as CustomerServiceHandle);
