import { EventSubscriber, type EntitySubscriberInterface, type InsertEvent, type ObjectLiteral, type UpdateEvent } from 'typeorm';
import { columnBoundsOf } from './column-bounds';

/**
 * Checks every INSERT and UPDATE that goes through TypeORM (save, insert, update, upsert and
 * query-builder inserts and updates) against the column bounds of its entity, before the SQL is
 * sent. Registered for every service by `openServiceDatabase`. Raw `query()` writes are not seen
 * here: they call `assertColumnBounds`.
 */
// TypeORM loads only decorated subscribers; it is used where a DataSource lists it in `subscribers`.
@EventSubscriber()
export class ColumnBoundsSubscriber implements EntitySubscriberInterface<ObjectLiteral> {
  beforeInsert(event: InsertEvent<ObjectLiteral>): void {
    if (event.entity) columnBoundsOf(event.metadata).assertEntity(event.entity);
  }

  beforeUpdate(event: UpdateEvent<ObjectLiteral>): void {
    if (event.entity) columnBoundsOf(event.metadata).assertEntity(event.entity);
  }
}
