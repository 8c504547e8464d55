import { CreateOcpiSchema1765500000000 } from './1765500000000-create-ocpi-schema';
import { CreateTokenAuthorizations1765600000000 } from './1765600000000-create-token-authorizations';

/** In order; never edit a released migration, add one. */
export const OCPI_MIGRATIONS = [CreateOcpiSchema1765500000000, CreateTokenAuthorizations1765600000000];
