import type { DataSource } from 'typeorm';
import type { CustomerTokenSnapshot } from '@voltlane/contracts';
import type { TokenRepository } from '../persistence/token.repository';

/** Read side of the token read model (fed by customers.tokens.v1), for operators and tests. */
export class TokensQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenRepository,
  ) {}

  /** The live snapshot of a token key, or null (unknown or deleted). */
  find(key: string): Promise<CustomerTokenSnapshot | null> {
    return this.tokens.findByKey(this.dataSource.manager, key);
  }
}
