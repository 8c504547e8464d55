import type { InboundCallContext, OcppFrameObserver } from '@voltlane/service-kit';
import type { LastSeenTracker } from '../application/last-seen-tracker';
import type { OfflineMonitor } from '../application/offline-monitor';

/**
 * Every inbound frame proves the station is alive: noted in memory, written in batches; the
 * offline monitor resolves the station's Offline fault, if it has one, at its next sweep.
 */
export class LastSeenObserver implements OcppFrameObserver {
  readonly actions = '*' as const;
  readonly readsPayload = false;

  constructor(
    private readonly tracker: LastSeenTracker,
    private readonly offline: OfflineMonitor,
  ) {}

  async observe(_payload: Record<string, unknown>, context: InboundCallContext): Promise<void> {
    this.tracker.seen(context.stationId, context.receivedAt);
    this.offline.seen(context.stationId, context.receivedAt, context.connectionId);
  }
}
