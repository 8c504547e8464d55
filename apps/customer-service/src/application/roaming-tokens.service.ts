import type { Logger } from 'pino';
import type { OcpiTokenEvent } from '@voltlane/contracts';
import { CustomerError, CustomerErrorCode } from '../domain/customer-error';
import { partyCustomer, roamingTokenRef, roamingTokenState } from '../domain/roaming-token';
import { CustomerEntity } from '../persistence/customer.entity';
import type { TokenRepository } from '../persistence/token.repository';
import type { TokenService } from './token.service';

/** What applying a roaming token did. */
export type RoamingTokenOutcome = 'created' | 'updated' | 'unchanged' | 'conflict';

/**
 * Keeps the roaming partners' tokens (ocpi.tokens.v1) as id tokens of one customer per eMSP party
 * (`OCPI NL*TNM`), through the TokenService: Authorize (1.6 and 2.x), local lists and every consumer
 * of customers.tokens.v1 (the session-service's transaction checks, billing) see them as they see
 * local tokens. Accepted when the eMSP lets the CPO whitelist them, refused otherwise
 * (`roamingTokenState`). A token of another customer with the same key (a local card, another
 * party's) is never changed: that is a conflict, logged. Re-delivered records change nothing.
 */
export class RoamingTokens {
  constructor(
    private readonly tokens: TokenService,
    private readonly repository: TokenRepository,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async apply(event: OcpiTokenEvent): Promise<RoamingTokenOutcome> {
    const customer = partyCustomer(event.countryCode, event.partyId);
    const now = this.clock();
    await this.repository.insertCustomerIfAbsent(
      Object.assign(new CustomerEntity(), { id: customer.id, name: customer.name, createdAt: now, updatedAt: now }),
    );
    const ref = roamingTokenRef(event);
    const state = roamingTokenState(event);
    const existing = await this.tokens.getToken(ref);
    if (!existing) {
      try {
        await this.tokens.createToken({ ...ref, customerId: customer.id, status: state.status, expiryDate: state.expiryDate });
        return 'created';
      } catch (error) {
        // Created meanwhile (an operator's token with the same key): decided below like any existing token.
        if (!(error instanceof CustomerError && error.code === CustomerErrorCode.TokenAlreadyExists)) throw error;
        return this.apply(event);
      }
    }
    if (existing.customerId !== customer.id) {
      this.logger.warn(
        { key: existing.key, party: customer.name, customerId: existing.customerId ?? null },
        'roaming token not applied: a token of another customer has the same key',
      );
      return 'conflict';
    }
    const expiry = state.expiryDate?.toISOString();
    if (existing.status === state.status && existing.expiryDate === expiry) return 'unchanged';
    await this.tokens.updateToken(ref, { status: state.status, expiryDate: state.expiryDate });
    return 'updated';
  }
}
