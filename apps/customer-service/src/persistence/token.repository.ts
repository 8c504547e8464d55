import { QueryFailedError, type DataSource, type Repository } from 'typeorm';
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

  findCustomer(id: string): Promise<CustomerEntity | null> {
    return this.customers.findOneBy({ id });
  }

  async saveCustomer(customer: CustomerEntity): Promise<void> {
    await this.customers.save(customer);
  }

  async deleteCustomer(id: string): Promise<void> {
    await this.customers.delete({ id });
  }

  findToken(key: string): Promise<IdTokenEntity | null> {
    return this.tokens.findOneBy({ key });
  }

  findTokensByIdTagKey(idTagKey: string): Promise<IdTokenEntity[]> {
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
