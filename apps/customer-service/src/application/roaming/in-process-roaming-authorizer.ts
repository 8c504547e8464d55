import type { Logger } from 'pino';
import type { RoamingAuthorizationRequest, RoamingAuthorizer, RoamingDecision } from './roaming-authorizer';

/** The ocpi-service's authorization as a function (its handle's, in the all-in-one process). */
export type RoamingAuthorizeFunction = (request: RoamingAuthorizationRequest) => Promise<RoamingDecision>;

/**
 * The all-in-one adapter: calls the ocpi-service in the same process. The ocpi-service starts after
 * the customer-service, so it is looked up at each call (`resolve`; undefined while it is not up).
 * Bounded by the same timeout as the HTTP adapter; a failure or no answer in time is undefined.
 */
export class InProcessRoamingAuthorizer implements RoamingAuthorizer {
  constructor(
    private readonly resolve: () => RoamingAuthorizeFunction | undefined,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  async authorize(request: RoamingAuthorizationRequest): Promise<RoamingDecision | undefined> {
    const authorize = this.resolve();
    if (!authorize) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((done) => {
      timer = setTimeout(() => {
        this.logger.warn({ stationId: request.stationId, timeoutMs: this.timeoutMs }, 'roaming authorization: no answer in time');
        done(undefined);
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([authorize(request), late]);
    } catch (error) {
      this.logger.warn({ err: error, stationId: request.stationId }, 'roaming authorization unavailable');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
