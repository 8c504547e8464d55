import { processInRecordTrace, type BusMessage, type EventSubscriber, type Subscription } from '@voltlane/messaging';
import { withFailurePolicy, type FailurePolicyOptions } from './failure-policy';

export interface ConsumeOptions extends FailurePolicyOptions {
  subscriber: EventSubscriber;
  topics: string[];
  /** A new group starts at the earliest offset (default), so nothing sent before it first joined is skipped. */
  fromBeginning?: boolean;
  /** See SubscriptionOptions.batchWindowMs: for consumers nobody waits on. */
  batchWindowMs?: number;
}

/** The batch window of the consumers that keep read models (nobody waits on them record by record). */
export const READ_MODEL_BATCH_WINDOW_MS = 100;

/**
 * Subscribes a record handler under the one failure policy (see withFailurePolicy): every
 * consumer of a service is started this way, so a bad record is parked, a transient failure is
 * retried, and records of one key stay in order. Each record is handled in a `process <topic>`
 * span that continues the record's trace (its `traceparent` header), retries included.
 */
export function consume(options: ConsumeOptions, handle: (message: BusMessage) => Promise<void>): Promise<Subscription> {
  const system = options.subscriber.messagingSystem ?? 'kafka';
  const handled = withFailurePolicy(handle, options);
  return options.subscriber.subscribe(
    {
      groupId: options.groupId,
      topics: options.topics,
      fromBeginning: options.fromBeginning ?? true,
      ...(options.batchWindowMs !== undefined ? { batchWindowMs: options.batchWindowMs } : {}),
    },
    (message) => processInRecordTrace(message, { system, groupId: options.groupId }, () => handled(message)),
  );
}
