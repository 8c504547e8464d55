import type { CustomerTokenSnapshot } from '@voltlane/contracts';
import { type CustomerTokenRepository, type CustomerOfToken } from '../persistence/customer-token.repository';

/**
 * Token key → customer, from customers.tokens.v1. The contract has `customerId` but no customer
 * (pricing) group yet, so `customerGroup` stays null and customer-group tariff assignments do not
 * match until the customer-service publishes one.
 */
export class CustomerDirectory {
  constructor(private readonly tokens: CustomerTokenRepository) {}

  async apply(snapshot: CustomerTokenSnapshot): Promise<void> {
    await this.tokens.apply({
      key: snapshot.key,
      customerId: snapshot.customerId ?? null,
      customerGroup: customerGroupOf(snapshot),
      revision: snapshot.revision,
      deleted: snapshot.deleted,
      updatedAt: new Date(snapshot.updatedAt),
    });
  }

  customerOf(tokenKey: string | null | undefined): Promise<CustomerOfToken | null> {
    return tokenKey ? this.tokens.find(tokenKey) : Promise.resolve(null);
  }
}

/** Reads a `customerGroup` field should the contract gain one; none exists in customers.tokens.v1 today. */
function customerGroupOf(snapshot: CustomerTokenSnapshot): string | null {
  const group = (snapshot as CustomerTokenSnapshot & { customerGroup?: unknown }).customerGroup;
  return typeof group === 'string' && group.length > 0 ? group : null;
}
