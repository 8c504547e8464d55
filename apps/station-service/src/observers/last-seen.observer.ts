import type { InboundCallContext, OcppFrameObserver } from '@voltlane/service-kit';
import type { LastSeenTracker } from '../services/last-seen-tracker';

/** Every inbound frame proves the station is alive: noted in memory, written in batches. */
export class LastSeenObserver implements OcppFrameObserver {
  readonly actions = '*' as const;

  constructor(private readonly tracker: LastSeenTracker) {}

  async observe(_payload: Record<string, unknown>, context: InboundCallContext): Promise<void> {
    this.tracker.seen(context.stationId, context.receivedAt);
  }
}
