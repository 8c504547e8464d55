import type { EntityManager } from 'typeorm';
import { Batcher } from '@voltlane/service-kit';
import type { MeteringSample, MeteringSamplesEvent } from '@voltlane/contracts';
import { latestEnergyRegister, type NormalizedSample } from '@voltlane/metering-domain';
import type { SessionLifecycle } from '../domain/session-lifecycle';
import type { LifecycleOutbox } from '../persistence/outbox/lifecycle-outbox';
import type { OutboxRelay } from '../persistence/outbox/outbox-relay';
import { transactionKey16, type SessionRepository } from '../persistence/session.repository';
import type { Session } from '../domain/session';

/**
 * OCPP 1.6 MeterValues during a transaction. The metering-service answers MeterValues and
 * publishes the stored, unit-normalized samples (metering.samples.v1); this keeps the session's
 * energy so far from them and tells billing with an `Updated` lifecycle event, as 2.x
 * TransactionEvent Updated does. Idempotent: only a higher register reading changes the session.
 *
 * The batches handled at once are applied together: one locking SELECT, one UPDATE and one
 * outbox INSERT for all of them, in one (group-committed) transaction.
 */
export class Ocpp16MeterValuesService {
  private readonly batches: Batcher<MeteringSamplesEvent, boolean>;

  constructor(
    private readonly sessions: SessionRepository,
    private readonly lifecycle: SessionLifecycle,
    private readonly events: LifecycleOutbox,
    private readonly relay: OutboxRelay,
  ) {
    this.batches = new Batcher(
      (events) => this.sessions.transaction((m) => this.applyAll(m, events)),
      async (event) => (await this.sessions.transaction((m) => this.applyAll(m, [event])))[0],
    );
  }

  /** Applies one batch; true when the session's energy went up (an Updated event was written). */
  async apply(event: MeteringSamplesEvent): Promise<boolean> {
    if (readingOf(event) === null) return false;
    const updated = await this.batches.submit(event);
    if (updated) await this.relay.flush();
    return updated;
  }

  /** Applies the events in order (two of one session: the second sees the first); which raised a session's energy. */
  private async applyAll(m: EntityManager, events: readonly MeteringSamplesEvent[]): Promise<boolean[]> {
    const readings = events.map(readingOf);
    const keys = readings.filter((r) => r !== null).map((r) => ({ stationId: r.stationId, transactionId: r.transactionId }));
    const sessions = await this.sessions.lockByTransactionIds16(m, keys);
    const changed = new Map<string, Session>();
    const updates: { session: Session; type: 'Updated'; update: { ref: string; at: Date } }[] = [];
    const outcome = readings.map((reading) => {
      if (!reading) return false;
      const key = transactionKey16(reading.stationId, reading.transactionId);
      const session = sessions.get(key);
      if (!session) return false;
      const after = this.lifecycle.meterValues16(session, reading.valueWh);
      if (!after) return false;
      sessions.set(key, after);
      changed.set(after.id, after);
      // Never before the start: billing orders a session's states by occurredAt.
      updates.push({
        session: after,
        type: 'Updated',
        update: { ref: reading.valueWh, at: new Date(Math.max(Date.parse(reading.timestamp), after.startedAt.getTime())) },
      });
      return true;
    });
    await this.sessions.setEnergy(m, [...changed.values()]);
    await this.events.addAll(m, updates);
    return outcome;
  }
}

/** The 1.6 register reading a samples batch brings to a CSMS-assigned transaction, if any. */
function readingOf(event: MeteringSamplesEvent): { stationId: string; transactionId: number; valueWh: string; timestamp: string } | null {
  if (event.protocol !== 'ocpp1.6' || event.source.action !== 'MeterValues' || event.transactionRef === null) return null;
  const transactionId = Number(event.transactionRef);
  if (!Number.isSafeInteger(transactionId) || transactionId <= 0) return null;
  const reading = latestEnergyRegister(event.samples.filter(usable).map(asNormalized));
  return reading ? { stationId: event.stationId, transactionId, valueWh: reading.valueWh, timestamp: reading.timestamp } : null;
}

function usable(sample: MeteringSample): boolean {
  return sample.invalid === undefined && sample.value !== null;
}

/** A published sample is a normalized one (the metering-service converted its unit); `invalid` is already filtered out. */
function asNormalized({ invalid: _invalid, ...sample }: MeteringSample): NormalizedSample {
  return sample;
}
