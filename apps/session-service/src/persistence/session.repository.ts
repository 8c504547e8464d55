import type { DataSource, EntityManager } from 'typeorm';
import { GroupCommit, assertColumnBounds, multiRowValues } from '@voltlane/service-kit';
import type { Session, SessionStatus } from '../domain/session';
import { SessionEntity } from './session.entity';

export interface SessionListFilter {
  stationId?: string;
  status?: SessionStatus;
  idTokenKey?: string;
  limit?: number;
}

/** The operator API's session list: filters, a start-time range and pagination. */
export interface SessionPageFilter {
  stationId?: string;
  status?: SessionStatus;
  idTokenKey?: string;
  /** startedAt >= from */
  from?: Date;
  /** startedAt < to */
  to?: Date;
  anomaliesOnly?: boolean;
  limit: number;
  offset: number;
}

/** I/O of the session table. Methods taking an EntityManager run inside the caller's transaction. */
export class SessionRepository {
  /** The frames of different stations handled at once share a transaction (group commit). */
  private readonly group: GroupCommit;

  constructor(private readonly dataSource: DataSource) {
    // Four batches of at most 16 in flight: a unit's statements run one after another, so a big
    // serial batch on a busy event loop is slow (a boot storm's StartTransaction p99 7.6 s with one
    // batch of 64 at a time). Two batches can lock the same sessions in different orders only
    // across consumers (a Stop and a MeterValues batch); PostgreSQL then aborts one (40P01, a
    // transient failure) and its units are run again one by one.
    this.group = new GroupCommit(dataSource, { concurrency: 4, maxItems: 16 });
  }

  /** Runs `work` in a transaction, committed before this resolves; `work` touches only the database, through `m`. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.group.run(work);
  }

  /**
   * Refuses, before any SQL, station values the session columns cannot hold (ValueOutOfBounds:
   * a permanent failure); the same values also reach remote_start and reservation through raw SQL.
   */
  assertStorable(values: Partial<Record<keyof SessionEntity, unknown>>): void {
    assertColumnBounds(this.dataSource, SessionEntity, values);
  }

  /** The next CSMS-assigned 1.6 transaction id (a sequence: unique, positive). */
  async nextTransactionId(m: EntityManager): Promise<number> {
    const rows = await m.query<{ id: number }[]>(`SELECT nextval('ocpp16_transaction_id_seq')::integer AS id`);
    return rows[0].id;
  }

  /** Inserts unless a session with the same natural key exists; true when inserted. */
  async insertIfAbsent(m: EntityManager, session: Session, answer: Record<string, unknown> | null = null): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(SessionEntity)
      .values({ ...session, answer })
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async update(m: EntityManager, session: Session): Promise<void> {
    const { id, ...fields } = session;
    await m.update(SessionEntity, { id }, { ...fields, updatedAt: new Date() });
  }

  /** Locks the row for the rest of the transaction. */
  async findByNaturalKey(m: EntityManager, naturalKey: string): Promise<(Session & { answer: Record<string, unknown> | null }) | null> {
    const row = await m.findOne(SessionEntity, { where: { naturalKey }, lock: { mode: 'pessimistic_write' } });
    return row ? { ...toSession(row), answer: row.answer as Record<string, unknown> | null } : null;
  }

  /** 1.6: the session of a CSMS-assigned transaction id on this station; locks the row. */
  async findByTransactionId16(m: EntityManager, stationId: string, transactionId: number): Promise<Session | null> {
    const row = await m.findOne(SessionEntity, { where: { stationId, transactionId }, lock: { mode: 'pessimistic_write' } });
    return row ? toSession(row) : null;
  }

  /** 1.6: the sessions of several (station, CSMS-assigned transaction id) pairs, locked; keyed `station\u0000id`. */
  async lockByTransactionIds16(
    m: EntityManager,
    keys: readonly { stationId: string; transactionId: number }[],
  ): Promise<Map<string, Session>> {
    const found = new Map<string, Session>();
    if (keys.length === 0) return found;
    const rows = await m.find(SessionEntity, {
      where: keys.map((k) => ({ stationId: k.stationId, transactionId: k.transactionId })),
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    for (const row of rows) if (row.transactionId !== null) found.set(transactionKey16(row.stationId, row.transactionId), toSession(row));
    return found;
  }

  /** Sets the energy so far of several sessions in one statement (what 1.6 MeterValues change). */
  async setEnergy(m: EntityManager, sessions: readonly Pick<Session, 'id' | 'energyWh'>[]): Promise<void> {
    if (sessions.length === 0) return;
    for (const s of sessions) assertColumnBounds(this.dataSource, SessionEntity, { energyWh: s.energyWh });
    const values = multiRowValues(
      sessions.map((s) => [s.id, s.energyWh]),
      ['uuid', 'numeric'],
    );
    await m.query(
      `UPDATE session SET energy_wh = v.energy_wh, updated_at = now() FROM (VALUES ${values.sql}) AS v(id, energy_wh) WHERE session.id = v.id`,
      values.params,
    );
  }

  /** Sessions running with this token, not counting `exceptId`. */
  async countActive(m: EntityManager, idTokenKey: string, exceptId?: string): Promise<number> {
    const rows = await m.query<{ n: number }[]>(
      `SELECT count(*)::integer AS n FROM session WHERE status = 'Active' AND id_token_key = $1 AND id <> $2`,
      [idTokenKey, exceptId ?? '00000000-0000-0000-0000-000000000000'],
    );
    return rows[0].n;
  }

  async findById(id: string): Promise<Session | null> {
    const row = await this.dataSource.manager.findOne(SessionEntity, { where: { id } });
    return row ? toSession(row) : null;
  }

  /** The newest session with this transaction reference on the station (1.6: the id as text; 2.x: the station's id). */
  async findByTransactionRef(stationId: string, transactionRef: string): Promise<Session | null> {
    const row = await this.dataSource.manager.findOne(SessionEntity, {
      where: { stationId, transactionRef },
      order: { startedAt: 'DESC' },
    });
    return row ? toSession(row) : null;
  }

  async list(filter: SessionListFilter = {}): Promise<Session[]> {
    const rows = await this.dataSource.manager.find(SessionEntity, {
      where: {
        ...(filter.stationId !== undefined ? { stationId: filter.stationId } : {}),
        ...(filter.status !== undefined ? { status: filter.status } : {}),
        ...(filter.idTokenKey !== undefined ? { idTokenKey: filter.idTokenKey } : {}),
      },
      order: { startedAt: 'DESC' },
      take: Math.min(filter.limit ?? 100, 1000),
    });
    return rows.map(toSession);
  }

  async page(filter: SessionPageFilter): Promise<{ items: Session[]; total: number }> {
    const query = this.dataSource.manager.createQueryBuilder(SessionEntity, 's');
    if (filter.stationId !== undefined) query.andWhere('s.station_id = :stationId', { stationId: filter.stationId });
    if (filter.status !== undefined) query.andWhere('s.status = :status', { status: filter.status });
    if (filter.idTokenKey !== undefined) query.andWhere('s.id_token_key = :idTokenKey', { idTokenKey: filter.idTokenKey });
    if (filter.from !== undefined) query.andWhere('s.started_at >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('s.started_at < :to', { to: filter.to });
    if (filter.anomaliesOnly) query.andWhere(`jsonb_array_length(s.anomalies) > 0`);
    const [rows, total] = await query
      .orderBy('s.started_at', 'DESC')
      .addOrderBy('s.id', 'ASC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return { items: rows.map(toSession), total };
  }
}

function toSession(row: SessionEntity): Session {
  const { answer: _answer, createdAt: _created, updatedAt: _updated, ...session } = row;
  return { ...session };
}

/** The key `lockByTransactionIds16` returns its sessions under. */
export function transactionKey16(stationId: string, transactionId: number): string {
  return `${stationId}\u0000${transactionId}`;
}
