import type { Static, TSchema } from '@sinclair/typebox';
import { billingCdrContract } from './billing-cdrs.contract';
import { tariffCatalogEntryContract } from './billing-tariffs.contract';
import type { Contract } from './contract-validator';
import { customerTokenSnapshotContract } from './customers-tokens.contract';
import { energyAllocationContract } from './energy-allocations.contract';
import { energyGridLimitContract } from './energy-grid-limits.contract';
import { energySiteLoadContract } from './energy-site-loads.contract';
import { billingCdrExamples } from './examples/billing-cdrs.examples';
import { tariffCatalogExamples } from './examples/billing-tariffs.examples';
import type { ContractExample } from './examples/contract-example';
import { customerTokenExamples } from './examples/customers-tokens.examples';
import { energyAllocationExamples } from './examples/energy-allocations.examples';
import { energyGridLimitExamples } from './examples/energy-grid-limits.examples';
import { energySiteLoadExamples } from './examples/energy-site-loads.examples';
import { meteringSamplesExamples } from './examples/metering-samples.examples';
import { ocpiTokenExamples } from './examples/ocpi-tokens.examples';
import { ocppCommandExamples } from './examples/ocpp-commands.examples';
import { ocppFramesExamples } from './examples/ocpp-frames.examples';
import { ocppInboundExamples } from './examples/ocpp-inbound.examples';
import { sessionLifecycleExamples } from './examples/sessions-lifecycle.examples';
import { stationConnectionExamples } from './examples/station-connection.examples';
import { stationFaultExamples } from './examples/stations-faults.examples';
import { stationStatusExamples } from './examples/stations-status.examples';
import { meteringSamplesContract } from './metering-samples.contract';
import { ocpiTokenContract } from './ocpi-tokens.contract';
import { ocppCommandEventContract } from './ocpp-commands.contract';
import { ocppFramesBatchContract } from './ocpp-frames.contract';
import { ocppInboundFrameContract, ocppInboundHeaders } from './ocpp-inbound.contract';
import { sessionLifecycleEventContract } from './sessions-lifecycle.contract';
import { stationConnectionEventContract } from './station-connection.contract';
import { stationFaultEventContract } from './stations-faults.contract';
import { stationStatusEventContract } from './stations-status.contract';
import { Topics, type TopicName } from './topics';

export interface TopicContract {
  topic: TopicName;
  description: string;
  key: string;
  publishedBy: string[];
  consumedBy: string[];
  /** The payload's JSON Schema: the same object as `contract.schema`, the TypeScript type's source. */
  schema: Record<string, unknown>;
  /** The consumer's (`incoming`) and producer's (`outgoing`) checks of the payload. */
  contract: Contract<TSchema>;
  headers?: Record<string, string>;
  /** Valid example records (checked by contract-examples.spec.ts, shown in docs/asyncapi.json). */
  examples: readonly ContractExample<unknown>[];
}

type TopicEntry<S extends TSchema> = Omit<TopicContract, 'schema' | 'contract' | 'examples'> & {
  contract: Contract<S>;
  examples: ContractExample<Static<S>>[];
};

/** Ties a topic's examples to its contract's type, so that a wrong example does not compile. */
function topic<S extends TSchema>(entry: TopicEntry<S>): TopicContract {
  return { ...entry, schema: entry.contract.schema };
}

/** Every Kafka topic of Voltlane with its key, payload schema, producers, consumers and examples. */
export const contractCatalog: readonly TopicContract[] = [
  topic({
    topic: Topics.OcppInbound,
    description: 'Every validated station frame, as sent.',
    key: 'station id',
    publishedBy: ['ocpp-gateway'],
    consumedBy: ['station-service', 'customer-service', 'session-service', 'metering-service', 'energy-service'],
    contract: ocppInboundFrameContract,
    headers: ocppInboundHeaders,
    examples: ocppInboundExamples,
  }),
  topic({
    topic: Topics.StationConnections,
    description: 'A station connected to or disconnected from a gateway instance.',
    key: 'station id',
    publishedBy: ['ocpp-gateway'],
    consumedBy: ['station-service', 'report-service', 'energy-service'],
    contract: stationConnectionEventContract,
    examples: stationConnectionExamples,
  }),
  topic({
    topic: Topics.StationStatus,
    description: 'A connector or station status became current.',
    key: 'station id',
    publishedBy: ['station-service'],
    consumedBy: ['report-service', 'reporting, alerting (external)'],
    contract: stationStatusEventContract,
    examples: stationStatusExamples,
  }),
  topic({
    topic: Topics.StationFaults,
    description:
      'A station fault was opened or resolved (status error codes, Faulted, NotifyEvent problems, security events, offline stations). De-duplicate on eventId.',
    key: 'station id',
    publishedBy: ['station-service'],
    consumedBy: ['alerting, reporting (external)'],
    contract: stationFaultEventContract,
    examples: stationFaultExamples,
  }),
  topic({
    topic: Topics.SessionLifecycle,
    description: 'A charging session started, was updated or ended (one lifecycle for every OCPP version). De-duplicate on eventId.',
    key: 'station id',
    publishedBy: ['session-service'],
    consumedBy: ['billing-service', 'customer-service', 'metering-service', 'report-service', 'energy-service'],
    contract: sessionLifecycleEventContract,
    examples: sessionLifecycleExamples,
  }),
  topic({
    topic: Topics.MeteringSamples,
    description: 'Normalised meter samples stored for a station (Wh, W, …). De-duplicate on sampleId.',
    key: 'station id',
    publishedBy: ['metering-service'],
    consumedBy: ['session-service', 'energy-service', 'analytics (external)'],
    contract: meteringSamplesContract,
    examples: meteringSamplesExamples,
  }),
  topic({
    topic: Topics.BillingCdrs,
    description: 'One charge detail record per ended session: the public contract for billing systems. De-duplicate on cdrId.',
    key: 'station id',
    publishedBy: ['billing-service'],
    consumedBy: ['report-service', 'billing systems (external)'],
    contract: billingCdrContract,
    examples: billingCdrExamples,
  }),
  topic({
    topic: Topics.BillingTariffs,
    description:
      "A tariff's versions and assignments after every change (and again when the billing-service starts); keep the highest revision per tariff id.",
    key: 'tariff id',
    publishedBy: ['billing-service'],
    consumedBy: ['session-service'],
    contract: tariffCatalogEntryContract,
    examples: tariffCatalogExamples,
  }),
  topic({
    topic: Topics.CustomerTokens,
    description: 'Snapshot of an id token after every change (deleted: true on delete); keep the highest revision per key.',
    key: 'token key (type:VALUE)',
    publishedBy: ['customer-service'],
    consumedBy: ['session-service', 'billing-service', 'energy-service'],
    contract: customerTokenSnapshotContract,
    examples: customerTokenExamples,
  }),
  topic({
    topic: Topics.OcppCommands,
    description: 'A CSMS→station command and its outcome; the owner of the action applies accepted results.',
    key: 'station id',
    publishedBy: ['any service sending commands'],
    consumedBy: ['station-service', 'session-service', 'customer-service', 'billing-service'],
    contract: ocppCommandEventContract,
    examples: ocppCommandExamples,
  }),
  topic({
    topic: Topics.EnergySiteLoads,
    description: 'The measured current of unmanaged loads under a node of an energy site; the latest per node counts.',
    key: 'site id',
    publishedBy: ['meters, building management (external)'],
    consumedBy: ['energy-service'],
    contract: energySiteLoadContract,
    examples: energySiteLoadExamples,
  }),
  topic({
    topic: Topics.EnergyGridLimits,
    description:
      'An external limit on a node of an energy site for a while (a grid operator signal). Idempotent on limitId; cleared: true ends it.',
    key: 'site id',
    publishedBy: ['grid operator, energy management (external)'],
    consumedBy: ['energy-service'],
    contract: energyGridLimitContract,
    examples: energyGridLimitExamples,
  }),
  topic({
    topic: Topics.EnergyAllocations,
    description: 'A load-management decision for one site: each active session’s share per phase, why, and every node’s planned load.',
    key: 'site id',
    publishedBy: ['energy-service'],
    consumedBy: ['energy management, reporting (external)'],
    contract: energyAllocationContract,
    examples: energyAllocationExamples,
  }),
  topic({
    topic: Topics.OcpiTokens,
    description:
      "A roaming partner's token (OCPI) after every change, pushed by the eMSP or carried by its command; the latest per (countryCode, partyId, uid, type) counts.",
    key: 'uid upper-cased',
    publishedBy: ['ocpi-service'],
    consumedBy: ['customer-service'],
    contract: ocpiTokenContract,
    examples: ocpiTokenExamples,
  }),
  topic({
    topic: Topics.OcppFrames,
    description:
      'The OCPP message log: every frame a gateway instance received from stations and sent to them, in batches; the station-service keeps them for a configured retention.',
    key: 'gateway instance id',
    publishedBy: ['ocpp-gateway'],
    consumedBy: ['station-service'],
    contract: ocppFramesBatchContract,
    examples: ocppFramesExamples,
  }),
];

const COMPATIBILITY =
  'Compatibility (docs/contracts.md): a vN topic only ever gains optional fields. Consumers must ignore properties they do not know; producers send none beyond the schema. ' +
  'Enum values are closed: a new value, a new required field, a removed field or a changed meaning is a new topic version, published next to the old one for a deprecation window.';

function messageOf(c: TopicContract): Record<string, unknown> {
  const headers = c.headers
    ? {
        headers: {
          type: 'object',
          properties: Object.fromEntries(Object.entries(c.headers).map(([k, d]) => [k, { type: 'string', description: d }])),
        },
      }
    : {};
  return {
    name: c.topic,
    contentType: 'application/json',
    bindings: { kafka: { key: { type: 'string', description: c.key } } },
    ...headers,
    payload: c.schema,
    examples: c.examples.map((e) => ({
      name: e.name,
      summary: `${e.summary} Key: ${e.key}.`,
      ...(e.headers ? { headers: e.headers } : {}),
      payload: e.payload,
    })),
  };
}

/** The AsyncAPI 2.6 document of all topics (docs/asyncapi.json is generated from it). */
export function asyncApiDocument(version: string): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  for (const c of contractCatalog) {
    channels[c.topic] = {
      description: `${c.description} Published by ${c.publishedBy.join(', ')}; consumed by ${c.consumedBy.join(', ')}.`,
      subscribe: { operationId: `consume_${c.topic.replace(/\W/g, '_')}`, message: messageOf(c) },
    };
  }
  return {
    asyncapi: '2.6.0',
    info: {
      title: 'Voltlane events',
      version,
      description: `Kafka topics of Voltlane. Names are <domain>.<entity>[.<event>].v<N>; an incompatible change is a new topic version. ${COMPATIBILITY}`,
    },
    defaultContentType: 'application/json',
    servers: { kafka: { url: '{brokers}', protocol: 'kafka', variables: { brokers: { default: 'localhost:9092' } } } },
    channels,
  };
}
