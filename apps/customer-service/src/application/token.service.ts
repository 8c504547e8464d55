import { randomUUID } from 'node:crypto';
import { DEFAULT_TOKEN_TYPE, TOKEN_STATUSES, idTagKey, tokenKey, type IdTokenRef, type TokenStatus } from '@voltlane/authorization';
import type { CustomerTokenSnapshot } from '@voltlane/contracts';
import { CustomerEntity } from '../persistence/customer.entity';
import { IdTokenEntity } from '../persistence/id-token.entity';
import type { TokenFilter, TokenRepository } from '../persistence/token.repository';
import type { TokenEventPublisher } from '../messaging/token-event.publisher';
import { CustomerError, CustomerErrorCode } from '../domain/customer-error';
import { tokenSnapshot } from '../domain/token-snapshot';

export interface CustomerView {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerInput {
  name: string;
}

export interface TokenInput {
  /** The value (≤ 36 characters; a 1.6 station can present at most 20). */
  idToken: string;
  /** Defaults to `ISO14443`. */
  type?: string;
  customerId?: string | null;
  /** Defaults to `Accepted`. */
  status?: TokenStatus;
  expiryDate?: Date | string | null;
  groupIdToken?: IdTokenRef | null;
  maxActiveSessions?: number | null;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

export type TokenUpdate = Partial<Omit<TokenInput, 'idToken' | 'type'>>;

/**
 * Customers and their id tokens. Every token change is persisted, then published on
 * `customers.tokens.v1` as a full snapshot (a delete as the last state with `deleted: true`).
 */
export class TokenService {
  constructor(
    private readonly repository: TokenRepository,
    private readonly events: TokenEventPublisher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async createCustomer(input: CustomerInput): Promise<CustomerView> {
    const now = this.clock();
    const customer = Object.assign(new CustomerEntity(), { id: randomUUID(), name: checkName(input.name), createdAt: now, updatedAt: now });
    await this.repository.saveCustomer(customer);
    return customerView(customer);
  }

  async getCustomer(id: string): Promise<CustomerView | null> {
    const customer = await this.repository.findCustomer(id);
    return customer ? customerView(customer) : null;
  }

  async listCustomers(filter: { nameContains?: string }, page: PageRequest): Promise<{ items: CustomerView[]; total: number }> {
    const { items, total } = await this.repository.listCustomers(filter, page);
    return { items: items.map(customerView), total };
  }

  async updateCustomer(id: string, input: CustomerInput): Promise<CustomerView> {
    const customer = await this.requireCustomer(id);
    customer.name = checkName(input.name);
    customer.updatedAt = this.clock();
    await this.repository.saveCustomer(customer);
    return customerView(customer);
  }

  /** Deletes the customer and its tokens (each published as deleted). */
  async deleteCustomer(id: string): Promise<void> {
    await this.requireCustomer(id);
    for (const token of await this.repository.findTokensOfCustomer(id)) await this.removeToken(token);
    await this.repository.deleteCustomer(id);
  }

  async createToken(input: TokenInput): Promise<CustomerTokenSnapshot> {
    const ref = checkRef({ idToken: input.idToken, type: input.type ?? DEFAULT_TOKEN_TYPE });
    const now = this.clock();
    const token = Object.assign(new IdTokenEntity(), {
      key: tokenKey(ref),
      idTagKey: idTagKey(ref.idToken),
      idToken: ref.idToken,
      type: ref.type,
      status: 'Accepted',
      customerId: null,
      expiryDate: null,
      groupIdToken: null,
      groupType: null,
      maxActiveSessions: null,
      createdAt: now,
    });
    await this.apply(token, input);
    token.revision = await this.repository.nextRevision();
    token.updatedAt = now;
    if (!(await this.repository.insertToken(token))) {
      throw new CustomerError(CustomerErrorCode.TokenAlreadyExists, `token ${token.key} already exists`);
    }
    return this.publish(token);
  }

  async getToken(ref: IdTokenRef): Promise<CustomerTokenSnapshot | null> {
    const token = await this.repository.findToken(tokenKey(ref));
    return token ? tokenSnapshot(token) : null;
  }

  async tokensOfCustomer(customerId: string): Promise<CustomerTokenSnapshot[]> {
    return (await this.repository.findTokensOfCustomer(customerId)).map((t) => tokenSnapshot(t));
  }

  /** A page of tokens; a `customerId` that is not a UUID matches nothing. */
  async listTokens(filter: TokenFilter, page: PageRequest): Promise<{ items: CustomerTokenSnapshot[]; total: number }> {
    if (filter.customerId !== undefined && !UUID.test(filter.customerId)) return { items: [], total: 0 };
    const { items, total } = await this.repository.listTokens(filter, page);
    return { items: items.map((t) => tokenSnapshot(t)), total };
  }

  async updateToken(ref: IdTokenRef, update: TokenUpdate): Promise<CustomerTokenSnapshot> {
    const token = await this.requireToken(ref);
    await this.apply(token, update);
    token.revision = await this.repository.nextRevision();
    token.updatedAt = this.clock();
    await this.repository.updateToken(token);
    return this.publish(token);
  }

  blockToken(ref: IdTokenRef): Promise<CustomerTokenSnapshot> {
    return this.updateToken(ref, { status: 'Blocked' });
  }

  unblockToken(ref: IdTokenRef): Promise<CustomerTokenSnapshot> {
    return this.updateToken(ref, { status: 'Accepted' });
  }

  /** Deletes the token; returns (and publishes) its last state with `deleted: true`. */
  async deleteToken(ref: IdTokenRef): Promise<CustomerTokenSnapshot> {
    return this.removeToken(await this.requireToken(ref));
  }

  private async removeToken(token: IdTokenEntity): Promise<CustomerTokenSnapshot> {
    await this.repository.deleteToken(token.key);
    token.revision = await this.repository.nextRevision();
    token.updatedAt = this.clock();
    const snapshot = tokenSnapshot(token, true);
    await this.events.publish(snapshot);
    return snapshot;
  }

  private async publish(token: IdTokenEntity): Promise<CustomerTokenSnapshot> {
    const snapshot = tokenSnapshot(token);
    await this.events.publish(snapshot);
    return snapshot;
  }

  /** Validates and applies the settable fields present in `update`. */
  private async apply(token: IdTokenEntity, update: TokenUpdate): Promise<void> {
    if (update.status !== undefined) {
      if (!TOKEN_STATUSES.includes(update.status)) invalid(`status must be one of ${TOKEN_STATUSES.join(', ')}`);
      token.status = update.status;
    }
    if (update.customerId !== undefined) {
      if (update.customerId !== null) await this.requireCustomer(update.customerId);
      token.customerId = update.customerId;
    }
    if (update.expiryDate !== undefined) {
      const expiry = update.expiryDate === null ? null : new Date(update.expiryDate);
      if (expiry && Number.isNaN(expiry.getTime())) invalid('expiryDate must be a date');
      token.expiryDate = expiry;
    }
    if (update.groupIdToken !== undefined) {
      const group = update.groupIdToken === null ? null : checkRef(update.groupIdToken);
      token.groupIdToken = group?.idToken ?? null;
      token.groupType = group?.type ?? null;
    }
    if (update.maxActiveSessions !== undefined) {
      const max = update.maxActiveSessions;
      if (max !== null && (!Number.isInteger(max) || max < 0)) invalid('maxActiveSessions must be an integer >= 0');
      token.maxActiveSessions = max;
    }
  }

  private async requireCustomer(id: string): Promise<CustomerEntity> {
    const customer = UUID.test(id) ? await this.repository.findCustomer(id) : null;
    if (!customer) throw new CustomerError(CustomerErrorCode.CustomerNotFound, `customer ${id} not found`);
    return customer;
  }

  private async requireToken(ref: IdTokenRef): Promise<IdTokenEntity> {
    const key = tokenKey(ref);
    const token = await this.repository.findToken(key);
    if (!token) throw new CustomerError(CustomerErrorCode.TokenNotFound, `token ${key} not found`);
    return token;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN_TYPE = /^[A-Za-z0-9]{1,20}$/;

function checkRef(ref: IdTokenRef): IdTokenRef {
  if (!TOKEN_TYPE.test(ref.type)) invalid('token type must be 1 to 20 letters or digits');
  if (ref.idToken.length > 36) invalid('idToken must be at most 36 characters');
  if (ref.idToken.length === 0 && ref.type !== 'NoAuthorization') invalid('idToken must not be empty');
  return { idToken: ref.idToken, type: ref.type };
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200) invalid('customer name must be 1 to 200 characters');
  return trimmed;
}

function invalid(message: string): never {
  throw new CustomerError(CustomerErrorCode.InvalidInput, message);
}

function customerView(customer: CustomerEntity): CustomerView {
  return { id: customer.id, name: customer.name, createdAt: customer.createdAt.toISOString(), updatedAt: customer.updatedAt.toISOString() };
}
