// The PostgreSQL server of deploy/local/infra.sh, driven with node-postgres: a fresh schema per
// suite (createTestSchema), parameterised statements, and transactions that roll back.
import { Client, DatabaseError } from 'pg';
import { createTestSchema, infraEnv, type TestSchema } from './infra-env';

describe('PostgreSQL (pg against the local server)', () => {
  let schema: TestSchema;
  let other: Client | undefined;

  beforeAll(async () => {
    schema = await createTestSchema(undefined, 'testing_pg');
    await schema.client.query(`
      CREATE TABLE station (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        identity   text NOT NULL UNIQUE,
        vendor     text NOT NULL,
        max_power  numeric(10, 3) NOT NULL,
        config     jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  });

  afterAll(async () => {
    await other?.end();
    if (schema) {
      const { name } = schema;
      await schema.drop();
      // the schema is gone
      const check = new Client({ connectionString: infraEnv().databaseUrl });
      await check.connect();
      try {
        const { rowCount } = await check.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [name]);
        expect(rowCount).toBe(0);
      } finally {
        await check.end();
      }
    }
  });

  it('connects as the voltlane role', async () => {
    const { rows } = await schema.client.query<{ user: string; db: string; path: string }>(
      'SELECT current_user AS user, current_database() AS db, current_schema() AS path',
    );
    expect(rows[0]).toEqual({ user: 'voltlane', db: 'voltlane', path: schema.name });
  });

  it('inserts and selects with parameters', async () => {
    const inserted = await schema.client.query<{ id: string }>(
      'INSERT INTO station (identity, vendor, max_power, config) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8) RETURNING id',
      ['CP-1', 'ABB', '22.000', { phases: 3 }, "CP-'2'; DROP TABLE station; --", 'Alpitronic', 300.5, { phases: 3, dc: true }],
    );
    expect(inserted.rowCount).toBe(2);

    const { rows } = await schema.client.query<{ identity: string; vendor: string; max_power: string; config: unknown }>(
      'SELECT identity, vendor, max_power, config FROM station WHERE max_power > $1 ORDER BY id',
      [100],
    );
    expect(rows).toEqual([
      { identity: "CP-'2'; DROP TABLE station; --", vendor: 'Alpitronic', max_power: '300.500', config: { phases: 3, dc: true } },
    ]);
  });

  it('rolls back a transaction, and a failed statement aborts it', async () => {
    const count = async () => Number((await schema.client.query<{ n: string }>('SELECT count(*) AS n FROM station')).rows[0].n);
    const before = await count();

    await schema.client.query('BEGIN');
    await schema.client.query('INSERT INTO station (identity, vendor, max_power) VALUES ($1, $2, $3)', ['CP-9', 'X', 11]);
    expect(await count()).toBe(before + 1);
    const duplicate = schema.client.query('INSERT INTO station (identity, vendor, max_power) VALUES ($1, $2, $3)', ['CP-9', 'X', 11]);
    await expect(duplicate).rejects.toBeInstanceOf(DatabaseError);
    await expect(duplicate).rejects.toMatchObject({ code: '23505' }); // unique_violation
    await expect(schema.client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' }); // in_failed_sql_transaction
    await schema.client.query('ROLLBACK');

    expect(await count()).toBe(before);
  });

  it("gives other clients the schema through the URL's search_path option", async () => {
    other = new Client({ connectionString: schema.databaseUrl });
    await other.connect();
    const { rows } = await other.query<{ schema: string; n: string }>('SELECT current_schema() AS schema, count(*) AS n FROM station');
    expect(rows[0]).toEqual({ schema: schema.name, n: '2' });
  });
});
