import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { currentLogFields } from '@voltlane/telemetry';
import type { Partner } from '../application/partners';
import type { OcpiClient, OcpiRequest, OcpiResponse } from '../application/ocpi-client';
import { encodeToken } from '../domain/ocpi-headers';

/** Who we are in OCPI-from-* and how long a partner may take to answer. */
export interface OcpiHttpClientOptions {
  countryCode: string;
  partyId: string;
  requestTimeoutMs: number;
  /**
   * Send OCPI-from-* / OCPI-to-* (default). Off for the configuration modules (versions,
   * credentials): they are platform to platform and "SHALL NOT" carry routing headers.
   */
  routing?: boolean;
}

/** A partner call failed before any HTTP answer (network error, timeout): the message says which. */
export class OcpiCallFailed extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'OcpiCallFailed';
  }
}

/**
 * OcpiClient with fetch: `Authorization: Token <base64(token)>`, a new X-Request-ID per request,
 * X-Correlation-ID (carried, or new), OCPI-from-* (this CPO), OCPI-to-* (the target party) and a
 * timeout (AbortSignal). Any HTTP answer is returned, with its envelope parsed when it is one.
 */
export class OcpiHttpClient implements OcpiClient {
  constructor(
    private readonly options: OcpiHttpClientOptions,
    private readonly logger: Logger,
  ) {}

  async request(partner: Pick<Partner, 'outgoingToken'> | null, request: OcpiRequest): Promise<OcpiResponse> {
    const token = request.token ?? partner?.outgoingToken ?? undefined;
    const requestId = randomUUID();
    // The correlation id of the request being handled (an OCPI call we answer) is carried on.
    const carried = currentLogFields()?.['correlationId'];
    const correlationId = request.correlationId ?? (typeof carried === 'string' ? carried : randomUUID());
    const headers: Record<string, string> = { accept: 'application/json', 'x-request-id': requestId, 'x-correlation-id': correlationId };
    const routing = this.options.routing !== false;
    if (routing) {
      headers['ocpi-from-country-code'] = this.options.countryCode;
      headers['ocpi-from-party-id'] = this.options.partyId;
    }
    if (token) headers['authorization'] = `Token ${encodeToken(token)}`;
    if (routing && request.to) {
      headers['ocpi-to-country-code'] = request.to.countryCode;
      headers['ocpi-to-party-id'] = request.to.partyId;
    }
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const log = this.logger.child({ requestId, correlationId });
    const timeoutMs = request.timeoutMs ?? this.options.requestTimeoutMs;
    const started = Date.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // A DOMException (not always `instanceof Error` across realms): TimeoutError from AbortSignal.timeout.
      const name = (error as { name?: unknown } | undefined)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const message = timedOut
        ? `${request.method} ${request.url}: no answer within ${timeoutMs} ms`
        : `${request.method} ${request.url}: ${causeOf(error)}`;
      log.warn({ method: request.method, url: request.url, ms: Date.now() - started }, `OCPI call failed: ${message}`);
      throw new OcpiCallFailed(message, timedOut);
    }
    const answer = parseAnswer(response, text);
    log.debug(
      { method: request.method, url: request.url, httpStatus: answer.httpStatus, statusCode: answer.statusCode, ms: Date.now() - started },
      'OCPI call answered',
    );
    return answer;
  }
}

function causeOf(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown; code?: unknown } };
  if (typeof message !== 'string') return String(error);
  const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  return why ? `${message} (${why})` : message;
}

/** The HTTP answer with its OCPI envelope (status_code, status_message, data) when the body is one. */
export function parseAnswer(response: Pick<Response, 'status' | 'headers'>, text: string): OcpiResponse {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key.toLowerCase()] = value;
  });
  let parsed: unknown;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const envelope =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  const isEnvelope = envelope !== undefined && 'status_code' in envelope;
  return {
    httpStatus: response.status,
    statusCode: isEnvelope && typeof envelope['status_code'] === 'number' ? envelope['status_code'] : undefined,
    statusMessage: isEnvelope && typeof envelope['status_message'] === 'string' ? envelope['status_message'] : undefined,
    data: isEnvelope ? envelope['data'] : parsed,
    headers,
  };
}
