import type { Logger } from 'pino';
import type { MeteringSamplesEvent } from '@voltlane/contracts';
import type { NormalizedSample } from '@voltlane/metering-domain';
import { Batcher } from '@voltlane/service-kit';
import type { MeterSampleStore, StoredSample } from '../persistence/meter-sample.repository';
import type { SamplesPublisher } from '../messaging/metering-samples.publisher';
import { sampleRecords, type SampleBatchOrigin, type SampleRecord } from './sample-batch';

/**
 * The one use case every frame goes through: store a frame's normalized samples exactly once,
 * then publish the ones not published yet. A crash between storing and publishing is healed
 * by the re-delivery of the frame (the rows are still unpublished), so nothing is lost and
 * nothing is stored twice.
 */
export class MeterSampleRecorder {
  /** The frames handled at once are stored with one INSERT and marked with one UPDATE. */
  private readonly inserts: Batcher<readonly SampleRecord[], StoredSample[]>;
  private readonly marks: Batcher<readonly string[], void>;

  constructor(
    private readonly store: MeterSampleStore,
    private readonly publisher: SamplesPublisher,
    private readonly logger: Logger,
  ) {
    this.inserts = new Batcher((frames) => insertTogether(store, frames), (records) => store.insert(records), { concurrency: 2 });
    this.marks = new Batcher(
      async (frames) => {
        await store.markPublished(frames.flat());
        return frames.map(() => undefined);
      },
      (ids) => store.markPublished(ids),
      { concurrency: 2 },
    );
  }

  async record(origin: SampleBatchOrigin, samples: readonly NormalizedSample[]): Promise<number> {
    const dropped = samples.filter((s) => s.invalid === 'invalid-timestamp').length;
    if (dropped > 0) this.logger.warn({ stationId: origin.stationId, messageId: origin.messageId, dropped }, 'samples without a usable timestamp dropped');
    const records = sampleRecords(origin, samples);
    // Two statements per batch of frames: insert-and-return-unpublished, then mark published.
    const unpublished = await this.inserts.submit(records);
    if (unpublished.length === 0) return 0;
    await this.publisher.publish(toEvent(origin, unpublished));
    await this.marks.submit(unpublished.map((r) => r.id));
    return unpublished.length;
  }

  /** The evse/connector under which a transaction's samples were stored (1.6 StopTransaction and 2.x events without `evse`). */
  async evseOfTransaction(stationId: string, transactionRef: string): Promise<{ evseId: number | null; connectorId: number | null }> {
    return (await this.store.evseOfTransaction(stationId, transactionRef)) ?? { evseId: null, connectorId: null };
  }
}

/** One INSERT for the records of several frames; each frame gets back its own unpublished rows, oldest first. */
async function insertTogether(store: MeterSampleStore, frames: readonly (readonly SampleRecord[])[]): Promise<StoredSample[][]> {
  const frameOf = new Map<string, number>();
  frames.forEach((records, i) => records.forEach((r) => frameOf.set(r.sampleId, i)));
  const out: StoredSample[][] = frames.map(() => []);
  for (const row of await store.insert(frames.flat())) out[frameOf.get(row.id)!].push(row);
  return out;
}

function toEvent(origin: SampleBatchOrigin, rows: readonly StoredSample[]): MeteringSamplesEvent {
  return {
    stationId: origin.stationId,
    protocol: origin.protocol,
    source: { action: origin.action, messageId: origin.messageId },
    transactionRef: origin.transactionRef,
    evseId: origin.evseId,
    connectorId: origin.connectorId,
    recordedAt: new Date().toISOString(),
    samples: rows.map((r) => ({
      sampleId: r.id,
      timestamp: r.sampledAt.toISOString(),
      measurand: r.measurand,
      ...(r.phase !== null ? { phase: r.phase } : {}),
      location: r.location,
      context: r.context,
      unit: r.unit,
      value: r.value === null ? null : trimDecimal(r.value),
      rawValue: r.rawValue,
      ...(r.signed ? { signed: r.signed } : {}),
      ...(r.invalid !== null ? { invalid: r.invalid } : {}),
    })),
  };
}

/** numeric(24,6) comes back as "1500.000000"; publish "1500". */
export function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}
