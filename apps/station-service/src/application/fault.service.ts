import type { DataSource, EntityManager } from 'typeorm';
import type { EventPublisher } from '@voltlane/messaging';
import type { StationFaultEvent } from '@voltlane/contracts';
import type { InboundCallContext } from '@voltlane/service-kit';
import { decideFaults, type FaultAction, type FaultRaised, type FaultSignal } from '../domain/fault-rules';
import { StationFaultEntity, StationFaultReportEntity } from '../persistence/station-fault.entity';
import { insertIgnore, lockStation } from '../persistence/insert-ignore';

/** The frame a fault signal came from. */
export type FaultOrigin = Pick<InboundCallContext, 'stationId' | 'protocol' | 'connectionId' | 'messageId'>;

/** Why an operator's resolve did not happen. */
export type ResolveOutcome = { fault: StationFaultEntity } | { notFound: true } | { alreadyResolved: StationFaultEntity };

/** The payload of `stations.faults.v1` for a fault's current state. */
export function faultEvent(fault: StationFaultEntity, publishedAt: Date): StationFaultEvent {
  return {
    eventId: `${fault.id}:${fault.state}`,
    faultId: fault.id,
    stationId: fault.stationId,
    ...(fault.protocol ? { protocol: fault.protocol as StationFaultEvent['protocol'] } : {}),
    evseId: fault.evseId,
    connectorId: fault.connectorId,
    source: fault.source,
    code: fault.code,
    ...(fault.vendorCode ? { vendorCode: fault.vendorCode } : {}),
    ...(fault.info ? { info: fault.info } : {}),
    state: fault.state,
    firstSeenAt: fault.firstSeenAt.toISOString(),
    lastSeenAt: fault.lastSeenAt.toISOString(),
    ...(fault.resolvedAt ? { resolvedAt: fault.resolvedAt.toISOString() } : {}),
    ...(fault.resolvedBy ? { resolvedBy: fault.resolvedBy } : {}),
    occurrences: fault.occurrences,
    publishedAt: publishedAt.toISOString(),
  };
}

/**
 * Fault records: applies the rules (domain/fault-rules) to the station's open faults and
 * publishes every opened and resolved fault on `stations.faults.v1`. Writers hold the station
 * row lock, so one station's faults change one frame at a time; publishing happens before the
 * commit (a failed publish rolls the change back and the frame is retried).
 */
export class FaultService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly topic: string,
  ) {}

  /** Applies one frame's signals in its own transaction. */
  async record(origin: FaultOrigin, signals: FaultSignal[]): Promise<FaultAction[]> {
    if (signals.length === 0) return [];
    return this.dataSource.transaction(async (m) => {
      await lockStation(m, origin.stationId);
      return this.applyIn(m, origin, signals);
    });
  }

  /**
   * Applies one frame's signals inside the caller's transaction, which must hold the station row
   * lock. Raises already counted for this frame (a re-delivery) are skipped.
   */
  async applyIn(m: EntityManager, origin: FaultOrigin, signals: FaultSignal[]): Promise<FaultAction[]> {
    if (signals.length === 0) return [];
    const repo = m.getRepository(StationFaultEntity);
    // Only raises are de-duplicated per frame; a frame of clears (every normal status) skips the read.
    const seen = signals.some((s) => s.kind !== 'clear')
      ? new Set(
          (
            await m
              .getRepository(StationFaultReportEntity)
              .find({ where: { stationId: origin.stationId, connectionId: origin.connectionId, messageId: origin.messageId } })
          ).map((r) => r.part),
        )
      : new Set<string>();
    const fresh = signals.filter((s) => s.kind === 'clear' || !seen.has(s.part));
    const open = await repo.find({ where: { stationId: origin.stationId, state: 'open' } });
    const actions = decideFaults(open, fresh);
    for (const action of actions) {
      if (action.type === 'open') {
        const fault = await this.open(m, origin, action.signal);
        await this.publish(fault);
      } else if (action.type === 'refresh') {
        await repo.update(
          { id: action.faultId },
          {
            firstSeenAt: action.firstSeenAt,
            lastSeenAt: action.lastSeenAt,
            occurrences: () => 'occurrences + 1',
            ...(action.newest ? { vendorCode: action.signal.vendorCode, info: action.signal.info } : {}),
            updatedAt: new Date(),
          },
        );
        await this.markReport(m, origin, action.signal, action.faultId);
      } else {
        const fault = await this.resolve(m, action.faultId, action.at, 'station');
        if (fault) await this.publish(fault);
      }
    }
    return actions;
  }

  /** An operator resolves an open fault (the only way a SecurityEvent fault ends). */
  async resolveByOperator(id: string, at = new Date()): Promise<ResolveOutcome> {
    return this.dataSource.transaction(async (m) => {
      const current = await m.getRepository(StationFaultEntity).findOne({ where: { id } });
      if (!current) return { notFound: true };
      await m.query(`SELECT 1 FROM station WHERE id = $1 FOR UPDATE`, [current.stationId]);
      const fault = await this.resolve(m, id, at, 'operator');
      if (!fault) return { alreadyResolved: (await m.getRepository(StationFaultEntity).findOne({ where: { id } })) as StationFaultEntity };
      await this.publish(fault);
      return { fault };
    });
  }

  /** Resolves an open fault; null when it is not open (any more). */
  async resolve(m: EntityManager, id: string, at: Date, by: 'station' | 'operator'): Promise<StationFaultEntity | null> {
    const rows = await m.query<[{ id: string }[], number]>(
      `UPDATE station_fault SET state = 'resolved', resolved_at = $2, resolved_by = $3, updated_at = now() WHERE id = $1 AND state = 'open' RETURNING id`,
      [id, at, by],
    );
    if (rows[0].length === 0) return null;
    return m.getRepository(StationFaultEntity).findOne({ where: { id } });
  }

  async publish(fault: StationFaultEntity): Promise<void> {
    await this.publisher.publish({ topic: this.topic, key: fault.stationId, value: JSON.stringify(faultEvent(fault, new Date())) });
  }

  private async open(m: EntityManager, origin: FaultOrigin, signal: FaultRaised): Promise<StationFaultEntity> {
    const repo = m.getRepository(StationFaultEntity);
    const inserted = await repo.insert({
      stationId: origin.stationId,
      evseId: signal.evseId,
      connectorId: signal.connectorId,
      source: signal.source,
      code: signal.code,
      vendorCode: signal.vendorCode,
      info: signal.info,
      protocol: origin.protocol,
      state: 'open',
      firstSeenAt: signal.at,
      lastSeenAt: signal.at,
      occurrences: 1,
    });
    const id = String((inserted.identifiers[0] as { id: string }).id);
    await this.markReport(m, origin, signal, id);
    return (await repo.findOne({ where: { id } })) as StationFaultEntity;
  }

  private async markReport(m: EntityManager, origin: FaultOrigin, signal: FaultRaised, faultId: string): Promise<void> {
    await insertIgnore(m, StationFaultReportEntity, {
      stationId: origin.stationId,
      connectionId: origin.connectionId,
      messageId: origin.messageId,
      part: signal.part,
      faultId,
    });
  }
}
