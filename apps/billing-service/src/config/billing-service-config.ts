import { EnvReader } from '@voltlane/config';
import { loadServiceConfig, type ServiceConfig } from '@voltlane/service-kit';

export interface BillingServiceConfig extends ServiceConfig {
  billing: {
    /** Consumer group on `sessions.lifecycle.v1` (BILLING_SERVICE_SESSIONS_GROUP_ID; default `<groupId>.sessions`). */
    sessionsGroupId: string;
    /** Consumer group on `customers.tokens.v1` (BILLING_SERVICE_TOKENS_GROUP_ID; default `<groupId>.tokens`). */
    tokensGroupId: string;
  };
}

/** Reads and validates the whole configuration once; throws one error naming every bad variable. */
export function loadBillingServiceConfig(env: NodeJS.ProcessEnv): BillingServiceConfig {
  const reader = new EnvReader(env);
  const base = loadServiceConfig(reader, 'billing-service', 'billing');
  const config: BillingServiceConfig = {
    ...base,
    billing: {
      sessionsGroupId: reader.string('BILLING_SERVICE_SESSIONS_GROUP_ID', `${base.groupId}.sessions`),
      tokensGroupId: reader.string('BILLING_SERVICE_TOKENS_GROUP_ID', `${base.groupId}.tokens`),
    },
  };
  reader.done();
  return config;
}
