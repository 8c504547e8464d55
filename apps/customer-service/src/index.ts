// Public surface of the customer-service app: how to start it (main.ts, the all-in-one process,
// end-to-end tests) and the token management it exposes.
export { startCustomerService, type CustomerServiceHandle } from './start-customer-service';
export { TokenService, type CustomerInput, type CustomerView, type TokenInput, type TokenUpdate } from './domain/token.service';
export { CustomerError, CustomerErrorCode } from './domain/customer-error';
export { loadCustomerServiceConfig, type CustomerServiceConfig } from './config/customer-service-config';
export { customerApiModule } from './api/customer-api.module';
export { LocalListService, type SendLocalListInput } from './domain/local-list.service';
