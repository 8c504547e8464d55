import { CreateCustomerSchema1750000000000 } from './1750000000000-create-customer-schema';
import { CreateLocalLists1750000000001 } from './1750000000001-create-local-lists';

/** Every migration of the customer-service, in order. */
export const customerMigrations = [CreateCustomerSchema1750000000000, CreateLocalLists1750000000001];
