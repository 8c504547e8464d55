import { CreateCustomerSchema1750000000000 } from './1750000000000-create-customer-schema';

/** Every migration of the customer-service, in order. */
export const customerMigrations = [CreateCustomerSchema1750000000000];
