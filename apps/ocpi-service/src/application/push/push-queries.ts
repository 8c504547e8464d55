import type { DataSource } from 'typeorm';
import { OutboxRepository, type PartnerBacklog, type PushFilter, type StoredPush } from '../../persistence/outbox.repository';
import { conflict, notFound } from './operator-error';

/** The operator's view of the outbox: what waits for whom, how often it failed and why; and the two levers. */
export class PushQueries {
  constructor(private readonly dataSource: DataSource) {}

  page(filter: PushFilter, page: { limit: number; offset: number }): Promise<{ items: StoredPush[]; total: number }> {
    return new OutboxRepository(this.dataSource).page(filter, page);
  }

  async get(pushId: number): Promise<StoredPush> {
    const push = await new OutboxRepository(this.dataSource).get(pushId);
    if (!push) throw notFound('UnknownPush', `no push ${pushId}`);
    return push;
  }

  backlog(partnerId?: string): Promise<PartnerBacklog[]> {
    return new OutboxRepository(this.dataSource).backlog(partnerId);
  }

  /** The partner's waiting pushes are tried now (it is back, the operator knows); resolves with how many. */
  retryNow(partnerId: string): Promise<number> {
    return new OutboxRepository(this.dataSource).retryNow(partnerId);
  }

  /**
   * Gives up one waiting push (a partner refuses it for good and it holds up its object's later
   * pushes): closed as dropped with the reason. A push already sent or dropped cannot be.
   */
  async drop(pushId: number, reason: string): Promise<StoredPush> {
    const repository = new OutboxRepository(this.dataSource);
    if (!(await repository.markDropped(pushId, `dropped by an operator: ${reason}`))) {
      const push = await repository.get(pushId);
      if (!push) throw notFound('UnknownPush', `no push ${pushId}`);
      throw conflict('PushClosed', `push ${pushId} was already ${push.response?.dropped ? 'dropped' : 'sent'}`);
    }
    return this.get(pushId);
  }
}
