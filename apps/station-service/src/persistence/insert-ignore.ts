import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { BootStatus } from '@voltlane/messaging';

/** INSERT … ON CONFLICT DO NOTHING; true when the row was new (false for a redelivered frame). */
export async function insertIgnore<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  values: QueryDeepPartialEntity<T>,
): Promise<boolean> {
  const result = await manager.createQueryBuilder().insert().into(entity).values(values).orIgnore().returning('1').execute();
  return Array.isArray(result.raw) && result.raw.length > 0;
}

/**
 * Creates the station row if it does not exist yet and locks it for this transaction (one writer
 * per station), returning what the boot policy reads: one statement instead of an insert and a
 * SELECT … FOR UPDATE (ON CONFLICT DO UPDATE takes the row lock an existing row needs).
 */
export async function lockStation(
  manager: EntityManager,
  stationId: string,
): Promise<{ bootPolicy: BootStatus | null; provisioned: boolean }> {
  const rows = await manager.query<{ bootPolicy: BootStatus | null; provisioned: boolean }[]>(
    `INSERT INTO station (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id RETURNING boot_policy AS "bootPolicy", provisioned`,
    [stationId],
  );
  return rows[0];
}

/** Creates the station row if it does not exist yet (first sight: not provisioned). */
export async function ensureStation(manager: EntityManager, stationId: string): Promise<void> {
  await manager.query(`INSERT INTO station (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [stationId]);
}
