/**
 * kafkajs 2.2.4 keeps a 1 ms timer loop running on every broker connection for as long as it is
 * open (tulios/kafkajs#1556, #1704; the fix was never released): after each check of its queue of
 * pending requests, `RequestQueue.scheduleCheckPendingRequests` arms a timer for
 * `throttledUntil - Date.now()`, which is negative when the broker is not throttling the client
 * (`throttledUntil` starts at -1), so Node fires it after 1 ms and the check arms it again. A
 * process with a producer and three consumers woke ~1,700 times a second doing nothing; every
 * Voltlane service idled at 3–5 % of a core and the distributed stack at ~30 %.
 *
 * This replaces that one method with one that arms the timer only when a request is actually
 * waiting: then at the end of the broker's throttle, or after 10 ms when the wait is for an
 * in-flight slot (as kafkajs does). With nothing pending there is nothing to check: a new request
 * either goes out at once or is queued by `push`, which schedules a check itself, and a finished
 * request checks the queue when it completes.
 */
import { createRequire } from 'node:module';

interface RequestQueueLike {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own retry interval for a queue waiting on in-flight slots. */
export const PENDING_RECHECK_MS = 10;

export function scheduleCheckPendingRequests(this: RequestQueueLike): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : PENDING_RECHECK_MS,
  );
}

type RequestQueueClass = { prototype: RequestQueueLike };

/** The RequestQueue class kafkajs's connections use (the same module instance as theirs). */
export function kafkajsRequestQueue(): RequestQueueClass {
  const requireFromHere = createRequire(__filename);
  // Resolved next to kafkajs's own entry, so it is the copy kafkajs's connections load.
  const entry = requireFromHere.resolve('kafkajs');
  return createRequire(entry)('./src/network/requestQueue') as RequestQueueClass;
}

let installed = false;

/** Installs the replacement once per process (idempotent); called before the first client is made. */
export function installRequestQueueIdleFix(): void {
  if (installed) return;
  const RequestQueue = kafkajsRequestQueue();
  if (typeof RequestQueue?.prototype?.scheduleCheckPendingRequests !== 'function') {
    throw new Error(
      'kafkajs RequestQueue.scheduleCheckPendingRequests not found: the idle-loop fix (request-queue-idle-fix.ts) no longer fits this kafkajs version',
    );
  }
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  installed = true;
}
