import { Column, Entity, PrimaryColumn, QueryFailedError } from 'typeorm';
import { infraEnv, sqlMigration, uniqueName } from '@voltlane/testing';
import { ValueOutOfBounds } from '../consuming/permanent-failure';
import { openServiceDatabase } from './service-database';

const CreateWidgets1700000000000 = sqlMigration(
  'CreateWidgets1700000000000',
  ['CREATE TABLE widget (id int PRIMARY KEY)', 'INSERT INTO widget VALUES (1)'],
  'DROP TABLE widget',
);

@Entity({ name: 'gadget' })
class GadgetEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'integer', name: 'connector_id' }) connectorId!: number;
  @Column({ type: 'numeric', precision: 20, scale: 3, name: 'meter_wh' }) meterWh!: number;
  @Column({ type: 'jsonb' }) data!: object;
}

const CreateGadgets1700000000001 = sqlMigration(
  'CreateGadgets1700000000001',
  ['CREATE TABLE gadget (id text PRIMARY KEY, connector_id integer NOT NULL, meter_wh numeric(20, 3) NOT NULL, data jsonb NOT NULL)'],
  'DROP TABLE gadget',
);

describe('openServiceDatabase', () => {
  const env = infraEnv();

  it('lets replicas that start together on a new schema take turns: one migrates, all open', async () => {
    const schema = uniqueName('race');
    const open = () =>
      openServiceDatabase({ url: env.databaseUrl, schema, entities: [], migrations: [CreateWidgets1700000000000], poolSize: 2 });
    const sources = await Promise.all([open(), open(), open(), open()]);
    try {
      const [{ count }] = await sources[0].query<{ count: number }[]>('SELECT count(*)::int AS count FROM migrations');
      expect(count).toBe(1);
      expect(await sources[3].query('SELECT id FROM widget')).toEqual([{ id: 1 }]);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });

  it('checks column bounds before every TypeORM insert and update: ValueOutOfBounds, never a driver error', async () => {
    const db = await openServiceDatabase({
      url: env.databaseUrl,
      schema: uniqueName('bounds'),
      entities: [GadgetEntity],
      migrations: [CreateGadgets1700000000001],
      poolSize: 2,
    });
    try {
      const gadgets = db.getRepository(GadgetEntity);
      const ok = { id: 'a', connectorId: 2147483647, meterWh: 1234.5, data: { info: 'fine' } };
      await gadgets.insert(ok);
      const refused = async (write: () => Promise<unknown>): Promise<unknown> =>
        write().then(
          () => 'written',
          (error: unknown) => error,
        );
      const cases: [() => Promise<unknown>, string][] = [
        [() => gadgets.insert({ ...ok, id: 'b', connectorId: 2147483648 }), 'gadget.connector_id'],
        [() => gadgets.save({ ...ok, id: 'c', meterWh: 1e300 }), 'gadget.meter_wh'],
        [() => gadgets.upsert({ ...ok, data: { info: 'x\u0000' } }, ['id']), 'gadget.data'],
        [() => gadgets.update({ id: 'a' }, { connectorId: -2147483649 }), 'gadget.connector_id'],
        [
          () =>
            db
              .createQueryBuilder()
              .insert()
              .into(GadgetEntity)
              .values([ok, { ...ok, id: 'd\u0000' }])
              .orIgnore()
              .execute(),
          'gadget.id',
        ],
        [
          () => db.createQueryBuilder().update(GadgetEntity).set({ meterWh: 1e30 }).where('id = :id', { id: 'a' }).execute(),
          'gadget.meter_wh',
        ],
      ];
      for (const [write, field] of cases) {
        const error = await refused(write);
        expect(error).toBeInstanceOf(ValueOutOfBounds);
        expect(error).not.toBeInstanceOf(QueryFailedError);
        expect(error).toMatchObject({ field });
      }
      expect(await gadgets.find()).toEqual([{ ...ok, meterWh: '1234.500' }]);
    } finally {
      await db.destroy();
    }
  });
});
