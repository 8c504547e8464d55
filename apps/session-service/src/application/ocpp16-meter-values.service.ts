import { Inject, Injectable } from '@nestjs/common';
import type { MeteringSample, MeteringSamplesEvent } from '@voltlane/contracts';
import { latestEnergyRegister, type NormalizedSample } from '@voltlane/metering-domain';
import { SessionLifecycle } from '../domain/session-lifecycle';
import { LifecycleOutbox } from '../outbox/lifecycle-outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import { SessionRepository } from '../persistence/session.repository';

/**
 * OCPP 1.6 MeterValues during a transaction. The metering-service answers MeterValues and
 * publishes the stored, unit-normalized samples (metering.samples.v1); this keeps the session's
 * energy so far from them and tells billing with an `Updated` lifecycle event, as 2.x
 * TransactionEvent Updated does. Idempotent: only a higher register reading changes the session.
 */
@Injectable()
export class Ocpp16MeterValuesService {
  constructor(
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(SessionLifecycle) private readonly lifecycle: SessionLifecycle,
    @Inject(LifecycleOutbox) private readonly events: LifecycleOutbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  /** Applies one batch; true when the session's energy went up (an Updated event was written). */
  async apply(event: MeteringSamplesEvent): Promise<boolean> {
    if (event.protocol !== 'ocpp1.6' || event.source.action !== 'MeterValues' || event.transactionRef === null) return false;
    const transactionId = Number(event.transactionRef);
    if (!Number.isSafeInteger(transactionId) || transactionId <= 0) return false;
    const reading = latestEnergyRegister(event.samples.filter(usable).map(asNormalized));
    if (!reading) return false;
    const updated = await this.sessions.transaction(async (m) => {
      const session = await this.sessions.findByTransactionId16(m, event.stationId, transactionId);
      if (!session) return false;
      const after = this.lifecycle.meterValues16(session, reading.valueWh);
      if (!after) return false;
      await this.sessions.update(m, after);
      // Never before the start: billing orders a session's states by occurredAt.
      const at = new Date(Math.max(Date.parse(reading.timestamp), after.startedAt.getTime()));
      await this.events.add(m, after, 'Updated', { ref: reading.valueWh, at });
      return true;
    });
    if (updated) await this.relay.flush();
    return updated;
  }
}

function usable(sample: MeteringSample): boolean {
  return sample.invalid === undefined && sample.value !== null;
}

/** A published sample is a normalized one (the metering-service converted its unit); `invalid` is already filtered out. */
function asNormalized({ invalid: _invalid, ...sample }: MeteringSample): NormalizedSample {
  return sample;
}
