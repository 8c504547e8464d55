import type { Partner } from './partners';

/** A request to a partner's OCPI endpoint. */
export interface OcpiRequest {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  url: string;
  /** The token to send (`Authorization: Token <base64>`); default: the partner's outgoing token. */
  token?: string;
  body?: unknown;
  /** OCPI-to-* routing headers. */
  to?: { countryCode: string; partyId: string };
  /** X-Correlation-ID to carry (a new X-Request-ID is made per request). */
  correlationId?: string;
  /** Wait this long for the answer, ms (default: the client's request timeout). */
  timeoutMs?: number;
}

/** A partner's answer: the HTTP status, the envelope (when it sent one) and the headers. */
export interface OcpiResponse {
  httpStatus: number;
  statusCode: number | undefined;
  statusMessage: string | undefined;
  data: unknown;
  headers: Record<string, string>;
}

/**
 * Calls partners' OCPI endpoints: Authorization with the base64-encoded token (2.2.1), a new
 * X-Request-ID per request, X-Correlation-ID, OCPI-from-* (this CPO) and OCPI-to-* headers, a
 * timeout. Throws on a network error or timeout; returns any HTTP answer. Owned by the registration part.
 */
export interface OcpiClient {
  request(partner: Pick<Partner, 'outgoingToken'> | null, request: OcpiRequest): Promise<OcpiResponse>;
}
