import { rowsOf, type Queryable } from './sql-values';

/** `token`: an id token key (`<type>:<VALUE>`); `group`: a customer group (the token's group key). */
export type PriorityMatch = 'token' | 'group';

export interface PriorityRule {
  match: PriorityMatch;
  value: string;
  /** Higher is served first. */
  priority: number;
}

/** The `priority_rules` table. */
export class PriorityRuleRepository {
  constructor(private readonly db: Queryable) {}

  async list(): Promise<PriorityRule[]> {
    return rowsOf<PriorityRule>(await this.db.query('SELECT match, value, priority FROM priority_rules ORDER BY match, value'));
  }

  /** Sets a rule; true when it was new. */
  async put(rule: PriorityRule): Promise<boolean> {
    const rows = rowsOf<{ inserted: boolean }>(
      await this.db.query(
        `INSERT INTO priority_rules (match, value, priority) VALUES ($1, $2, $3)
         ON CONFLICT (match, value) DO UPDATE SET priority = excluded.priority
         RETURNING (xmax = 0) AS inserted`,
        [rule.match, rule.value, rule.priority],
      ),
    );
    return rows[0]?.inserted === true;
  }

  async delete(match: PriorityMatch, value: string): Promise<boolean> {
    return (
      rowsOf(await this.db.query('DELETE FROM priority_rules WHERE match = $1 AND value = $2 RETURNING value', [match, value])).length > 0
    );
  }
}
