import type { IncomingMessage } from 'node:http';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

/** Probes and scrapes: every few seconds from the kubelet and Prometheus, never part of a trace. */
const UNTRACED_PATHS = /^\/(metrics|health(\/live|\/ready)?)(\?|$)/;

/**
 * The OpenTelemetry instrumentations of the libraries Voltlane talks through: HTTP (the operator
 * API, the api-edge's proxying, OCSP and S3 calls), Express (route spans under NestJS), PostgreSQL
 * (`pg`, under TypeORM) and Redis (`ioredis`: the reply channel, registries, limits). Kafka is
 * traced by libs/messaging itself, per record (see kafka-tracing.ts in @voltlane/messaging): the
 * kafkajs instrumentation parents a batch's send spans on whatever context is active when the
 * batch is flushed, which would put one station's frame into another's trace.
 */
export function standardInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
    }),
    // Route handlers only: a span per middleware (body parser, auth…) is noise in every trace.
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
  ];
}
