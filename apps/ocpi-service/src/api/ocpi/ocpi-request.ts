import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OcpiCall } from './ocpi-endpoint';
import { traceIds } from '../../domain/ocpi-headers';

/** What the OCPI layer notes on a request: the caller (after the guard) and the request's ids. */
export interface OcpiRequest extends IncomingMessage {
  ocpiCall?: OcpiCall;
  ocpiIds?: { requestId: string; correlationId: string };
  /** Express: the path and query as received. */
  originalUrl?: string;
}

/**
 * The request's X-Request-ID / X-Correlation-ID (those it sent, else made up once), echoed on the
 * response at once so that every answer carries them, a refusal too.
 */
export function ocpiIdsOf(request: OcpiRequest, response?: ServerResponse): { requestId: string; correlationId: string } {
  const ids = (request.ocpiIds ??= traceIds(request.headers));
  if (response && !response.headersSent) {
    response.setHeader('X-Request-ID', ids.requestId);
    response.setHeader('X-Correlation-ID', ids.correlationId);
  }
  return ids;
}

/** Configuration modules (versions, version details, credentials) are not routed: no OCPI-to/from headers (transport_and_format, Message Routing). */
export function isConfigurationModule(path: string): boolean {
  return /^\/ocpi\/(versions|\d+(\.\d+)*(\/credentials)?)\/?$/.test(path);
}
