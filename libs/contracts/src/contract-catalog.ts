import { billingCdrSchema } from './billing-cdrs.contract';
import { tariffCatalogEntrySchema } from './billing-tariffs.contract';
import { customerTokenSnapshotSchema } from './customers-tokens.contract';
import { meteringSamplesSchema } from './metering-samples.contract';
import { ocppCommandEventSchema } from './ocpp-commands.contract';
import { ocppInboundFrameSchema, ocppInboundHeaders } from './ocpp-inbound.contract';
import { sessionLifecycleEventSchema } from './sessions-lifecycle.contract';
import { stationConnectionEventSchema } from './station-connection.contract';
import { stationFaultEventSchema } from './stations-faults.contract';
import { stationStatusEventSchema } from './stations-status.contract';
import { Topics, type TopicName } from './topics';

export interface TopicContract {
  topic: TopicName;
  description: string;
  key: string;
  publishedBy: string[];
  consumedBy: string[];
  schema: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Every Kafka topic of Voltlane with its key, payload schema, producers and consumers. */
export const contractCatalog: readonly TopicContract[] = [
  {
    topic: Topics.OcppInbound,
    description: 'Every validated station frame, as sent.',
    key: 'station id',
    publishedBy: ['ocpp-gateway'],
    consumedBy: ['station-service', 'customer-service', 'session-service', 'metering-service'],
    schema: ocppInboundFrameSchema,
    headers: ocppInboundHeaders,
  },
  {
    topic: Topics.StationConnections,
    description: 'A station connected to or disconnected from a gateway instance.',
    key: 'station id',
    publishedBy: ['ocpp-gateway'],
    consumedBy: ['station-service'],
    schema: stationConnectionEventSchema,
  },
  {
    topic: Topics.StationStatus,
    description: 'A connector or station status became current.',
    key: 'station id',
    publishedBy: ['station-service'],
    consumedBy: ['reporting, alerting (external)'],
    schema: stationStatusEventSchema,
  },
  {
    topic: Topics.StationFaults,
    description:
      'A station fault was opened or resolved (status error codes, Faulted, NotifyEvent problems, security events, offline stations). De-duplicate on eventId.',
    key: 'station id',
    publishedBy: ['station-service'],
    consumedBy: ['alerting, reporting (external)'],
    schema: stationFaultEventSchema,
  },
  {
    topic: Topics.SessionLifecycle,
    description: 'A charging session started, was updated or ended (one lifecycle for every OCPP version). De-duplicate on eventId.',
    key: 'station id',
    publishedBy: ['session-service'],
    consumedBy: ['billing-service', 'customer-service'],
    schema: sessionLifecycleEventSchema,
  },
  {
    topic: Topics.MeteringSamples,
    description: 'Normalised meter samples stored for a station (Wh, W, …). De-duplicate on sampleId.',
    key: 'station id',
    publishedBy: ['metering-service'],
    consumedBy: ['analytics (external)'],
    schema: meteringSamplesSchema,
  },
  {
    topic: Topics.BillingCdrs,
    description: 'One charge detail record per ended session: the public contract for billing systems. De-duplicate on cdrId.',
    key: 'station id',
    publishedBy: ['billing-service'],
    consumedBy: ['billing systems (external)'],
    schema: billingCdrSchema,
  },
  {
    topic: Topics.BillingTariffs,
    description: "A tariff's versions and assignments after every change (and again when the billing-service starts); keep the highest revision per tariff id.",
    key: 'tariff id',
    publishedBy: ['billing-service'],
    consumedBy: ['session-service'],
    schema: tariffCatalogEntrySchema,
  },
  {
    topic: Topics.CustomerTokens,
    description: 'Snapshot of an id token after every change (deleted: true on delete); keep the highest revision per key.',
    key: 'token key (type:VALUE)',
    publishedBy: ['customer-service'],
    consumedBy: ['session-service', 'billing-service'],
    schema: customerTokenSnapshotSchema,
  },
  {
    topic: Topics.OcppCommands,
    description: 'A CSMS→station command and its outcome; the owner of the action applies accepted results.',
    key: 'station id',
    publishedBy: ['any service sending commands'],
    consumedBy: ['station-service', 'session-service', 'customer-service', 'billing-service'],
    schema: ocppCommandEventSchema,
  },
];

/** The AsyncAPI 2.6 document of all topics (docs/asyncapi.json is generated from it). */
export function asyncApiDocument(version: string): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  for (const c of contractCatalog) {
    channels[c.topic] = {
      description: `${c.description} Published by ${c.publishedBy.join(', ')}; consumed by ${c.consumedBy.join(', ')}.`,
      subscribe: {
        operationId: `consume_${c.topic.replace(/\W/g, '_')}`,
        message: {
          name: c.topic,
          contentType: 'application/json',
          bindings: { kafka: { key: { type: 'string', description: c.key } } },
          ...(c.headers ? { headers: { type: 'object', properties: Object.fromEntries(Object.entries(c.headers).map(([k, d]) => [k, { type: 'string', description: d }])) } } : {}),
          payload: c.schema,
        },
      },
    };
  }
  return {
    asyncapi: '2.6.0',
    info: { title: 'Voltlane events', version, description: 'Kafka topics of Voltlane. Names are <domain>.<entity>[.<event>].v<N>; an incompatible change is a new topic version.' },
    defaultContentType: 'application/json',
    servers: { kafka: { url: '{brokers}', protocol: 'kafka', variables: { brokers: { default: 'localhost:9092' } } } },
    channels,
  };
}
