import {
  ILike,
  In,
  IsNull,
  LessThanOrEqual,
  MoreThan,
  Not,
  Or,
  QueryFailedError,
  type DataSource,
  type FindOptionsWhere,
  type Repository,
} from 'typeorm';
import { assertColumnBounds } from '@voltlane/service-kit';
import { CustomerEntity } from './customer.entity';
import { IdTokenEntity } from './id-token.entity';

/** I/O for customers and id tokens; no rules. */
export class TokenRepository {
  private readonly customers: Repository<CustomerEntity>;
  private readonly tokens: Repository<IdTokenEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.customers = dataSource.getRepository(CustomerEntity);
    this.tokens = dataSource.getRepository(IdTokenEntity);
  }

  /**
   * Values that reach a WHERE (a presented idTag or idToken, an operator's filter) are checked
   * against the id_tokens columns first: U+0000 there is a ValueOutOfBounds (Authorize answers
   * Invalid), not a driver error. Writes go through TypeORM and its column-bounds subscriber.
   */
  private assertSearchable(values: Partial<Record<keyof IdTokenEntity, unknown>>): void {
    assertColumnBounds(this.dataSource, IdTokenEntity, values);
  }

  /** A page of customers by name; `nameContains` matches case-insensitively as plain text. */
  async listCustomers(
    filter: { nameContains?: string },
    page: { limit: number; offset: number },
  ): Promise<{ items: CustomerEntity[]; total: number }> {
    assertColumnBounds(this.dataSource, CustomerEntity, { name: filter.nameContains });
    const where: FindOptionsWhere<CustomerEntity> = {};
    if (filter.nameContains !== undefined) where.name = ILike(`%${escapeLike(filter.nameContains)}%`);
    const [items, total] = await this.customers.findAndCount({
      where,
      order: { createdAt: 'ASC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total };
  }

  /** A page of tokens matching every given filter (parameterized; values are never SQL). */
  async listTokens(filter: TokenFilter, page: { limit: number; offset: number }): Promise<{ items: IdTokenEntity[]; total: number }> {
    this.assertSearchable({ type: filter.type, idTagKey: filter.idToken, groupIdToken: filter.groupIdToken });
    const where: FindOptionsWhere<IdTokenEntity> = {};
    if (filter.customerId !== undefined) where.customerId = filter.customerId;
    if (filter.status !== undefined) where.status = filter.status;
    if (filter.type !== undefined) where.type = filter.type;
    if (filter.idToken !== undefined) where.idTagKey = filter.idToken.toUpperCase();
    if (filter.groupIdToken !== undefined) where.groupIdToken = filter.groupIdToken;
    if (filter.expiredAt !== undefined) where.expiryDate = LessThanOrEqual(filter.expiredAt);
    if (filter.validAt !== undefined) where.expiryDate = Or(IsNull(), MoreThan(filter.validAt));
    const [items, total] = await this.tokens.findAndCount({ where, order: { key: 'ASC' }, take: page.limit, skip: page.offset });
    return { items, total };
  }

  /** Accepted tokens not expired at `now`, optionally only those of a group (1.6 parentIdTag / 2.x groupIdToken). */
  findListableTokens(now: Date, group?: { idToken: string; type: string }): Promise<IdTokenEntity[]> {
    if (group) this.assertSearchable({ groupIdToken: group.idToken, groupType: group.type });
    const where: FindOptionsWhere<IdTokenEntity> = {
      status: 'Accepted',
      expiryDate: Or(IsNull(), MoreThan(now)),
      type: Not(In(['NoAuthorization'])),
    };
    if (group) {
      where.groupIdToken = group.idToken;
      where.groupType = group.type;
    }
    return this.tokens.find({ where, order: { key: 'ASC' } });
  }

  findCustomer(id: string): Promise<CustomerEntity | null> {
    return this.customers.findOneBy({ id });
  }

  async saveCustomer(customer: CustomerEntity): Promise<void> {
    await this.customers.save(customer);
  }

  /** Inserts the customer unless one with its id exists (idempotent; safe when replicas race). */
  async insertCustomerIfAbsent(customer: CustomerEntity): Promise<void> {
    await this.customers.createQueryBuilder().insert().values(customer).orIgnore().execute();
  }

  async deleteCustomer(id: string): Promise<void> {
    await this.customers.delete({ id });
  }

  findToken(key: string): Promise<IdTokenEntity | null> {
    this.assertSearchable({ key });
    return this.tokens.findOneBy({ key });
  }

  findTokensByIdTagKey(idTagKey: string): Promise<IdTokenEntity[]> {
    this.assertSearchable({ idTagKey });
    return this.tokens.findBy({ idTagKey });
  }

  findTokensOfCustomer(customerId: string): Promise<IdTokenEntity[]> {
    return this.tokens.find({ where: { customerId }, order: { key: 'ASC' } });
  }

  /** Inserts a new token; false when the key is taken. */
  async insertToken(token: IdTokenEntity): Promise<boolean> {
    try {
      await this.tokens.insert(token);
      return true;
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  async updateToken(token: IdTokenEntity): Promise<void> {
    await this.tokens.save(token);
  }

  async deleteToken(key: string): Promise<void> {
    await this.tokens.delete({ key });
  }

  /** A new revision number: every change of every token gets a higher one. */
  async nextRevision(): Promise<number> {
    const rows: { revision: string }[] = await this.dataSource.query(`SELECT nextval('token_revision_seq') AS revision`);
    return Number(rows[0]?.revision);
  }
}

export interface TokenFilter {
  customerId?: string;
  status?: IdTokenEntity['status'];
  type?: string;
  /** The value, matched case-insensitively (whole value). */
  idToken?: string;
  groupIdToken?: string;
  /** Only tokens whose expiry is at or before this instant. */
  expiredAt?: Date;
  /** Only tokens without expiry or expiring after this instant. */
  validAt?: Date;
}

/** `%`, `_` and `\\` are literal in a contains-search. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
