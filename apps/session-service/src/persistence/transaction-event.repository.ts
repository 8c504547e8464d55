import { assertColumnBounds } from '@voltlane/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { TransactionEventRecord } from '../domain/session';
import { TransactionEventEntity } from './transaction-event.entity';

export interface StoredTransactionEvent extends Omit<TransactionEventRecord, 'arrival'> {
  sessionId: string;
  messageId: string;
  receivedAt: Date;
  answer: Record<string, unknown>;
  /** OCPP 2.1 costDetails as the station sent them. */
  costDetails?: object | null;
}

/** I/O of the 2.x TransactionEvents received, one row per (session, seqNo). */
export class TransactionEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Refuses, before any SQL, station values the transaction_event columns cannot hold (ValueOutOfBounds). */
  assertStorable(values: Partial<Record<keyof TransactionEventEntity, unknown>>): void {
    assertColumnBounds(this.dataSource, TransactionEventEntity, values);
  }

  async find(m: EntityManager, sessionId: string, seqNo: number): Promise<{ answer: Record<string, unknown> | null } | null> {
    const row = await m.findOne(TransactionEventEntity, { where: { sessionId, seqNo } });
    return row ? { answer: row.answer as Record<string, unknown> | null } : null;
  }

  /** Stores the event unless its seqNo is already stored for the session; true when stored. */
  async insertIfAbsent(m: EntityManager, event: StoredTransactionEvent): Promise<boolean> {
    const result = await m.createQueryBuilder().insert().into(TransactionEventEntity).values(event).orIgnore().returning(['id']).execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** Replaces the stored answer of an event (the Ended answer gains its totalCost once the session is folded). */
  async setAnswer(m: EntityManager, sessionId: string, seqNo: number, answer: Record<string, unknown>): Promise<void> {
    await m.update(TransactionEventEntity, { sessionId, seqNo }, { answer });
  }

  async listForSession(m: EntityManager, sessionId: string): Promise<TransactionEventRecord[]> {
    const rows = await m.find(TransactionEventEntity, { where: { sessionId }, order: { id: 'ASC' } });
    return rows.map(toRecord);
  }
}

function toRecord(row: TransactionEventEntity): TransactionEventRecord {
  const { id, sessionId: _s, messageId: _m, receivedAt: _r, answer: _a, costDetails: _c, ...fields } = row;
  return { ...fields, arrival: Number(id) };
}
