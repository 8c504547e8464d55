import type { DataSource } from 'typeorm';
import { assertColumnBounds } from '@voltlane/service-kit';
import type { SampleBatchOrigin, SampleRecord } from '../domain/sample-batch';
import { MeterSampleEntity } from './meter-sample.entity';

/** Register readings bounding a transaction, in Wh (decimal strings). */
export interface RegisterBounds {
  first: { timestamp: Date; valueWh: string } | null;
  last: { timestamp: Date; valueWh: string } | null;
}

/** A stored sample as it is published (values as PostgreSQL stored them). */
export type StoredSample = Pick<
  MeterSampleEntity,
  'id' | 'sampledAt' | 'measurand' | 'phase' | 'location' | 'context' | 'unit' | 'value' | 'rawValue' | 'signed' | 'invalid'
>;

/** The I/O the metering use cases need; no rules live here. */
export interface MeterSampleStore {
  /**
   * Inserts the records not stored yet (natural key) and returns, in the same round trip, every
   * record of the batch still unpublished (just inserted, or stored before and never published),
   * oldest first.
   */
  insert(records: readonly SampleRecord[]): Promise<StoredSample[]>;
  markPublished(ids: readonly string[]): Promise<void>;
  byIds(ids: readonly string[]): Promise<MeterSampleEntity[]>;
  forTransaction(stationId: string, transactionRef: string): Promise<MeterSampleEntity[]>;
  /** First and last total Energy.Active.Import.Register reading stored for the transaction. */
  registerBounds(stationId: string, transactionRef: string): Promise<RegisterBounds>;
  /** The latest Transaction.Begin register reading outside any transaction on the connector, at or before `at` (1.6 meterStart). */
  beginReadingBefore(stationId: string, evseId: number, at: Date): Promise<{ timestamp: Date; valueWh: string } | null>;
  /** The evse/connector a transaction's samples were stored under, if any. */
  evseOfTransaction(stationId: string, transactionRef: string): Promise<{ evseId: number | null; connectorId: number | null } | null>;
}

const COLUMNS = [
  'id',
  'station_id',
  'protocol',
  'transaction_ref',
  'evse_id',
  'connector_id',
  'sampled_at',
  'measurand',
  'phase',
  'location',
  'context',
  'unit',
  'value',
  'raw_value',
  'signed',
  'invalid',
  'source_action',
  'source_message_id',
] as const;

/** The columns of a stored sample as published; numeric as text so no float ever appears. */
const RETURNED = 'id, sampled_at, measurand, phase, location, context, unit, value::text AS value, raw_value, signed, invalid';

/** A RETURNED row: a StoredSample with the column names of the two properties named otherwise. */
type StoredRow = Omit<StoredSample, 'sampledAt' | 'rawValue'> & { sampled_at: Date; raw_value: string };

function toStoredSample(r: StoredRow): StoredSample {
  return {
    id: r.id,
    sampledAt: r.sampled_at,
    measurand: r.measurand,
    phase: r.phase,
    location: r.location,
    context: r.context,
    unit: r.unit,
    value: r.value,
    rawValue: r.raw_value,
    signed: r.signed,
    invalid: r.invalid,
  };
}

const REGISTER = `measurand = 'Energy.Active.Import.Register' AND phase IS NULL AND unit = 'Wh' AND value IS NOT NULL`;

export class TypeOrmMeterSampleStore implements MeterSampleStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(records: readonly SampleRecord[]): Promise<StoredSample[]> {
    if (records.length === 0) return [];
    const params: unknown[] = [];
    const rows = records.map((r) => {
      const row = sampleRow(r.origin, r);
      // A raw INSERT: TypeORM's column-bounds check does not see it, so the row is checked here.
      assertColumnBounds(this.dataSource, MeterSampleEntity, row);
      const values = rowValues(row);
      const placeholders = values.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    params.push(records.map((r) => r.sampleId));
    // One statement: the CTE inserts and returns the new rows; the second SELECT runs on the
    // statement's snapshot, so it sees only rows stored before (a re-delivered frame whose
    // publish did not happen) - the two parts never overlap.
    const stored = await this.dataSource.query<StoredRow[]>(
      `WITH inserted AS (
         INSERT INTO meter_samples (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING RETURNING ${RETURNED}
       )
       SELECT * FROM inserted
       UNION ALL
       SELECT ${RETURNED} FROM meter_samples WHERE id = ANY($${params.length}::uuid[]) AND published_at IS NULL
       ORDER BY sampled_at ASC`,
      params,
    );
    return stored.map(toStoredSample);
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(`UPDATE meter_samples SET published_at = now() WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, [ids]);
  }

  async byIds(ids: readonly string[]): Promise<MeterSampleEntity[]> {
    if (ids.length === 0) return [];
    return this.dataSource
      .getRepository(MeterSampleEntity)
      .createQueryBuilder('s')
      .where('s.id = ANY(:ids)', { ids })
      .orderBy('s.sampled_at', 'ASC')
      .getMany();
  }

  async forTransaction(stationId: string, transactionRef: string): Promise<MeterSampleEntity[]> {
    return this.dataSource.getRepository(MeterSampleEntity).find({
      where: { stationId, transactionRef },
      order: { sampledAt: 'ASC', measurand: 'ASC', phase: 'ASC' },
    });
  }

  async registerBounds(stationId: string, transactionRef: string): Promise<RegisterBounds> {
    const rows = await this.dataSource.query<{ which: string; sampled_at: Date; value: string }[]>(
      `(SELECT 'first' AS which, sampled_at, value::text AS value FROM meter_samples
          WHERE station_id = $1 AND transaction_ref = $2 AND ${REGISTER}
          ORDER BY sampled_at ASC, (location = 'Outlet') DESC LIMIT 1)
       UNION ALL
       (SELECT 'last' AS which, sampled_at, value::text AS value FROM meter_samples
          WHERE station_id = $1 AND transaction_ref = $2 AND ${REGISTER}
          ORDER BY sampled_at DESC, (location = 'Outlet') DESC LIMIT 1)`,
      [stationId, transactionRef],
    );
    const pick = (which: string) => {
      const row = rows.find((r) => r.which === which);
      return row ? { timestamp: row.sampled_at, valueWh: row.value } : null;
    };
    return { first: pick('first'), last: pick('last') };
  }

  async beginReadingBefore(stationId: string, evseId: number, at: Date): Promise<{ timestamp: Date; valueWh: string } | null> {
    const rows = await this.dataSource.query<{ sampled_at: Date; value: string }[]>(
      `SELECT sampled_at, value::text AS value FROM meter_samples
        WHERE station_id = $1 AND evse_id = $2 AND transaction_ref IS NULL AND context = 'Transaction.Begin'
          AND source_action = 'StartTransaction' AND sampled_at <= $3 AND ${REGISTER}
        ORDER BY sampled_at DESC LIMIT 1`,
      [stationId, evseId, at],
    );
    const row = rows[0];
    return row ? { timestamp: row.sampled_at, valueWh: row.value } : null;
  }

  async evseOfTransaction(
    stationId: string,
    transactionRef: string,
  ): Promise<{ evseId: number | null; connectorId: number | null } | null> {
    const rows = await this.dataSource.query<{ evse_id: number | null; connector_id: number | null }[]>(
      `SELECT evse_id, connector_id FROM meter_samples WHERE station_id = $1 AND transaction_ref = $2 AND evse_id IS NOT NULL
        ORDER BY sampled_at ASC LIMIT 1`,
      [stationId, transactionRef],
    );
    const row = rows[0];
    return row ? { evseId: row.evse_id, connectorId: row.connector_id } : null;
  }
}

/** A sample as the meter_samples row it becomes, keyed by MeterSampleEntity property, in COLUMNS order. */
function sampleRow(origin: SampleBatchOrigin, r: SampleRecord) {
  return {
    id: r.sampleId,
    stationId: origin.stationId,
    protocol: origin.protocol,
    transactionRef: origin.transactionRef,
    evseId: origin.evseId,
    connectorId: origin.connectorId,
    sampledAt: r.timestamp,
    measurand: r.measurand,
    phase: r.phase ?? null,
    location: r.location,
    context: r.context,
    unit: r.unit,
    value: r.value,
    rawValue: r.rawValue,
    signed: r.signed ?? null,
    invalid: r.invalid ?? null,
    sourceAction: origin.action,
    sourceMessageId: origin.messageId,
  } satisfies Partial<Record<keyof MeterSampleEntity, unknown>>;
}

function rowValues(row: ReturnType<typeof sampleRow>): unknown[] {
  return Object.values({ ...row, signed: row.signed ? JSON.stringify(row.signed) : null });
}
