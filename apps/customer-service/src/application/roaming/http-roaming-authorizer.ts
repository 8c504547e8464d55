import type { Logger } from 'pino';
import { parseRoamingDecision, type RoamingAuthorizationRequest, type RoamingAuthorizer, type RoamingDecision } from './roaming-authorizer';

export interface HttpRoamingAuthorizerOptions {
  /** The ocpi-service's (or the api-edge's) base URL; `/api/v1/ocpi/authorizations` is appended. */
  baseUrl: string;
  /** An operator API key with the write scope (X-API-Key). */
  apiKey: string;
  timeoutMs: number;
}

/**
 * The distributed adapter: `POST {baseUrl}/api/v1/ocpi/authorizations` on the ocpi-service's
 * operator API. No answer within the timeout, a network error, a non-200 answer or a body that is
 * not a decision: undefined (logged), and the token is refused as without roaming.
 */
export class HttpRoamingAuthorizer implements RoamingAuthorizer {
  private readonly url: string;

  constructor(
    private readonly options: HttpRoamingAuthorizerOptions,
    private readonly logger: Logger,
  ) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/api/v1/ocpi/authorizations`;
  }

  async authorize(request: RoamingAuthorizationRequest): Promise<RoamingDecision | undefined> {
    const started = Date.now();
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': this.options.apiKey },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await response.text();
      if (response.status !== 200) {
        this.logger.warn(
          { stationId: request.stationId, status: response.status, body: text.slice(0, 500) },
          'roaming authorization refused',
        );
        return undefined;
      }
      const decision = parseRoamingDecision(JSON.parse(text));
      if (!decision) this.logger.warn({ stationId: request.stationId, body: text.slice(0, 500) }, 'roaming authorization: not a decision');
      else this.logger.info({ stationId: request.stationId, ...decision, ms: Date.now() - started }, 'roaming authorization');
      return decision;
    } catch (error) {
      this.logger.warn({ err: error, stationId: request.stationId, ms: Date.now() - started }, 'roaming authorization unavailable');
      return undefined;
    }
  }
}
