import { EnvReader } from '@voltlane/config';
import { loadServiceConfig, type ServiceConfig } from '@voltlane/service-kit';

export const BILLING_SERVICE = 'billing-service';

export interface BillingServiceConfig extends ServiceConfig {
  billing: {
    /** Consumer group on `sessions.lifecycle.v1` (BILLING_SERVICE_SESSIONS_GROUP_ID; default `<groupId>.sessions`). */
    sessionsGroupId: string;
    /** Consumer group on `customers.tokens.v1` (BILLING_SERVICE_TOKENS_GROUP_ID; default `<groupId>.tokens`). */
    tokensGroupId: string;
    /** Consumer group on `ocpp.commands.v1` (BILLING_SERVICE_COMMANDS_GROUP_ID; default `<groupId>.commands`). */
    commandsGroupId: string;
    /** How often a running 2.0.1/2.1 transaction gets CostUpdated (BILLING_SERVICE_COST_UPDATE_INTERVAL_S; 0 = never; default 60 s). */
    costUpdateIntervalMs: number;
  };
}

/** Reads and validates the whole configuration once; throws one error naming every bad variable. */
export function loadBillingServiceConfig(env: NodeJS.ProcessEnv): BillingServiceConfig {
  const reader = new EnvReader(env);
  const base = loadServiceConfig(reader, BILLING_SERVICE, 'billing');
  const config: BillingServiceConfig = {
    ...base,
    billing: {
      sessionsGroupId: reader.string('BILLING_SERVICE_SESSIONS_GROUP_ID', `${base.groupId}.sessions`, {
        doc: 'Kafka consumer group of the billing-service on `sessions.lifecycle.v1`.',
        defaultText: '`<BILLING_SERVICE_GROUP_ID>.sessions`',
      }),
      tokensGroupId: reader.string('BILLING_SERVICE_TOKENS_GROUP_ID', `${base.groupId}.tokens`, {
        doc: 'Kafka consumer group of the billing-service on `customers.tokens.v1`.',
        defaultText: '`<BILLING_SERVICE_GROUP_ID>.tokens`',
      }),
      commandsGroupId: reader.string('BILLING_SERVICE_COMMANDS_GROUP_ID', `${base.groupId}.commands`, {
        doc: 'Kafka consumer group of the billing-service on `ocpp.commands.v1`.',
        defaultText: '`<BILLING_SERVICE_GROUP_ID>.commands`',
      }),
      costUpdateIntervalMs:
        reader.int(
          'BILLING_SERVICE_COST_UPDATE_INTERVAL_S',
          60,
          { min: 0, max: 86_400 },
          {
            doc: 'How often a running OCPP 2.0.1/2.1 transaction gets CostUpdated with its running total cost (0: never).',
            deprecated: ['BILLING_COST_UPDATE_INTERVAL_S'],
          },
        ) * 1000,
    },
  };
  reader.done();
  return config;
}
