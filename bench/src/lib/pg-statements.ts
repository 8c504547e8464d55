/**
 * Statements PostgreSQL ran during a step, from pg_stat_statements (deploy/local/infra.sh loads
 * it): how many per answered CALL, and which. The view is cluster-wide, so a step must be the only
 * thing using the server (scenario 3 runs its systems one after another).
 */
import { Client } from 'pg';

export interface StatementCount {
  calls: number;
  totalMs: number;
  query: string;
}

export class StatementProbe {
  private constructor(private readonly client: Client) {}

  /** A probe, or undefined when the server has no pg_stat_statements (then the report says so). */
  static async open(databaseUrl: string): Promise<StatementProbe | undefined> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
      return new StatementProbe(client);
    } catch {
      await client.end();
      return undefined;
    }
  }

  async reset(): Promise<void> {
    await this.client.query('SELECT pg_stat_statements_reset()');
  }

  /** Every statement since the last reset (this probe's own left out), most called first. */
  async read(): Promise<StatementCount[]> {
    const { rows } = await this.client.query<{ calls: string; total: number; query: string }>(
      `SELECT sum(calls)::bigint AS calls, sum(total_exec_time) AS total, regexp_replace(query, '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
        GROUP BY 3 ORDER BY 1 DESC`,
    );
    return rows.map((r) => ({ calls: Number(r.calls), totalMs: Math.round(r.total), query: shorten(r.query) }));
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** The statement without run-specific schema names, cut to a readable length. */
function shorten(query: string): string {
  return query
    .replace(/"?bench_[a-z0-9_]+"?\./gi, '')
    .replace(/\|/g, '\\|')
    .slice(0, 140);
}
