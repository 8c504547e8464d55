import type { Logger } from 'pino';
import type { MeteringSamplesEvent } from '@voltlane/contracts';
import type { NormalizedSample } from '@voltlane/metering-domain';
import { Batcher } from '@voltlane/service-kit';
import type { MeterSampleStore, StoredSample } from '../persistence/meter-sample.repository';
import type { SamplesPublisher } from '../messaging/metering-samples.publisher';
import { sampleRecords, type SampleBatchOrigin, type SampleRecord } from '../domain/sample-batch';

/**
 * The one use case every frame goes through: store a frame's normalized samples exactly once,
 * then publish the ones not published yet. A crash between storing and publishing is healed
 * by the re-delivery of the frame (the rows are still unpublished), so nothing is lost and
 * nothing is stored twice.
 *
 * Marking rows published is written behind, a few times a second for every frame since. Until
 * its mark is written, a published row is remembered here, so a frame sent again meanwhile (same
 * samples, new message id) is not published twice. A mark lost in a crash costs at most a
 * duplicate record on a re-delivery (consumers de-duplicate by sample id), never a lost one.
 */
export class MeterSampleRecorder {
  /** The frames handled at once are stored with one INSERT. */
  private readonly inserts: Batcher<readonly SampleRecord[], StoredSample[]>;
  /** Published, its mark not written yet. */
  private readonly unmarked = new Set<string>();
  private markTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: MeterSampleStore,
    private readonly publisher: SamplesPublisher,
    private readonly logger: Logger,
  ) {
    this.inserts = new Batcher(
      (frames) => insertTogether(store, frames),
      (records) => store.insert(records),
      { concurrency: 2 },
    );
  }

  async record(origin: SampleBatchOrigin, samples: readonly NormalizedSample[]): Promise<number> {
    const dropped = samples.filter((s) => s.invalid === 'invalid-timestamp').length;
    if (dropped > 0)
      this.logger.warn({ stationId: origin.stationId, messageId: origin.messageId, dropped }, 'samples without a usable timestamp dropped');
    const records = sampleRecords(origin, samples);
    // One statement per batch of frames (insert-and-return-unpublished), the marks behind.
    const unpublished = (await this.inserts.submit(records)).filter((r) => !this.unmarked.has(r.id));
    if (unpublished.length === 0) return 0;
    await this.publisher.publish(toEvent(origin, unpublished));
    this.markLater(unpublished.map((r) => r.id));
    return unpublished.length;
  }

  /** Writes the marks not written yet (called by the timer, and on stop). */
  async flushMarks(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    const ids = [...this.unmarked];
    if (ids.length === 0) return;
    try {
      await this.store.markPublished(ids);
      // Forgotten only once the mark is committed: a frame sent again meanwhile still finds them here.
      for (const id of ids) this.unmarked.delete(id);
    } catch (error) {
      this.logger.warn({ err: error, samples: ids.length }, 'marking samples published failed; tried again with the next marks');
      this.markTimer ??= setTimeout(() => void this.flushMarks(), MARK_EVERY_MS).unref();
    }
  }

  private markLater(ids: readonly string[]): void {
    for (const id of ids) this.unmarked.add(id);
    if (this.unmarked.size >= MARKS_AT_ONCE) void this.flushMarks();
    else this.markTimer ??= setTimeout(() => void this.flushMarks(), MARK_EVERY_MS).unref();
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

const MARK_EVERY_MS = 250;
const MARKS_AT_ONCE = 5_000;

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
