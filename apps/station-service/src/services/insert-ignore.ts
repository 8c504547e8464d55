import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** INSERT … ON CONFLICT DO NOTHING; true when the row was new (false for a redelivered frame). */
export async function insertIgnore<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  values: QueryDeepPartialEntity<T>,
): Promise<boolean> {
  const result = await manager.createQueryBuilder().insert().into(entity).values(values).orIgnore().returning('1').execute();
  return Array.isArray(result.raw) && result.raw.length > 0;
}

/** Creates the station row if it does not exist yet (first sight: not provisioned). */
export async function ensureStation(manager: EntityManager, stationId: string): Promise<void> {
  await manager.query(`INSERT INTO station (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [stationId]);
}
