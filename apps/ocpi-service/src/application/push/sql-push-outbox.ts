import type { DataSource, EntityManager } from 'typeorm';
import { OutboxRepository } from '../../persistence/outbox.repository';
import type { PushOutbox, PushRequest } from '../push-outbox';

const OBJECT_KEY_MAX = 200;

/** A request that can never be sent is the caller's bug: refused before it is stored. */
function check(request: PushRequest): void {
  if (request.objectKey.length === 0 || request.objectKey.length > OBJECT_KEY_MAX)
    throw new Error(`push objectKey must be 1–${OBJECT_KEY_MAX} characters (got ${request.objectKey.length})`);
  if (request.url !== undefined && !/^https?:\/\//i.test(request.url)) throw new Error(`push url ${request.url} is not an http(s) URL`);
  if (request.path !== undefined && request.path !== '' && !request.path.startsWith('/'))
    throw new Error(`push path ${request.path} must start with /`);
}

/**
 * The PushOutbox on the `outbox` table: pushes are stored in the caller's transaction when given
 * (a change and its pushes commit together), else in a transaction of their own. The PushSender
 * delivers them.
 */
export class SqlPushOutbox implements PushOutbox {
  constructor(private readonly dataSource: DataSource) {}

  async enqueue(requests: readonly PushRequest[], manager?: EntityManager): Promise<void> {
    if (requests.length === 0) return;
    requests.forEach(check);
    if (manager) {
      await new OutboxRepository(manager).insert(requests);
      return;
    }
    await this.dataSource.transaction((m) => new OutboxRepository(m).insert(requests));
  }
}
