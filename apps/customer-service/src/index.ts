// Public surface of the customer-service app: its definition, how to start it (main.ts, the
// all-in-one process, end-to-end tests), its handle and the token management it exposes.
import { customerService } from './customer.service';

export { customerService, type CustomerServiceHandle, type CustomerStartOptions, type CustomerSurface } from './customer.service';
export {
  type RoamingAuthorizationRequest,
  type RoamingAuthorizer,
  type RoamingDecision,
  type RoamingStatus,
} from './application/roaming/roaming-authorizer';
export { type RoamingAuthorizeFunction } from './application/roaming/in-process-roaming-authorizer';
export { TokenService, type CustomerInput, type CustomerView, type TokenInput, type TokenUpdate } from './application/token.service';
export { CustomerError, CustomerErrorCode } from './domain/customer-error';
export { loadCustomerServiceConfig, type CustomerServiceConfig } from './config/customer-service-config';
export { customerApiModule } from './api/customer-api.module';
export { LocalListService, type SendLocalListInput } from './application/local-list.service';

/** `StartService`-compatible; resolves with a `CustomerServiceHandle`. */
export const startCustomerService = customerService.start;
