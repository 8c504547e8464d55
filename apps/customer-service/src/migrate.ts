// Applies the customer-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { customerMigrations } from './migrations/customer-migrations';
import { CustomerEntity } from './persistence/customer.entity';
import { IdTokenEntity } from './persistence/id-token.entity';
import { SessionTokenEntity } from './persistence/session-token.entity';

runMigrations({ name: 'customer-service', defaultSchema: 'customer', entities: [CustomerEntity, IdTokenEntity, SessionTokenEntity], migrations: customerMigrations });
