import { CreateCustomerSchema1750000000000 } from './1750000000000-create-customer-schema';
import { CreateLocalLists1750000000001 } from './1750000000001-create-local-lists';
import { PkiRootCertificates1765100000000 } from './1765100000000-pki-root-certificates';

/** Every migration of the customer-service, in order. */
export const customerMigrations = [CreateCustomerSchema1750000000000, CreateLocalLists1750000000001, PkiRootCertificates1765100000000];
