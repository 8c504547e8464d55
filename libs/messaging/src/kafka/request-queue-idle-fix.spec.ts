import { PENDING_RECHECK_MS, installRequestQueueIdleFix, kafkajsRequestQueue } from './request-queue-idle-fix';

type Queue = {
  pending: unknown[];
  inflight: Map<number, unknown>;
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
  push(request: {
    entry: { correlationId: number; resolve: () => void; reject: () => void };
    expectResponse: boolean;
    sendRequest: () => void;
  }): void;
  fulfillRequest(response: { correlationId: number; payload: unknown; size: number }): void;
  maybeThrottle(ms: number): void;
  destroy(): void;
};

const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const RequestQueue = kafkajsRequestQueue() as unknown as { new (options: object): Queue; prototype: Queue };
const original = RequestQueue.prototype.scheduleCheckPendingRequests;
const newQueue = (maxInFlightRequests: number | null = null): Queue =>
  new RequestQueue({
    maxInFlightRequests,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: 'spec:9092',
    logger,
  });

const entry = (correlationId: number) => ({ correlationId, resolve: () => undefined, reject: () => undefined });

/** Counts the queue's checks from now on; `count()` excludes the one that starts it. */
function countChecks(queue: Queue): () => number {
  let checks = 0;
  const check = queue.checkPendingRequests.bind(queue);
  queue.checkPendingRequests = () => {
    checks++;
    check();
  };
  queue.checkPendingRequests();
  return () => checks - 1;
}

/** The queue checks over `ms` of real time. */
async function checksDuring(queue: Queue, ms: number): Promise<number> {
  const count = countChecks(queue);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return count();
}

describe('kafkajs request queue idle fix', () => {
  afterAll(() => {
    RequestQueue.prototype.scheduleCheckPendingRequests = original;
  });

  it("kafkajs's own scheduler spins on an idle queue (the bug this fixes)", async () => {
    const queue = newQueue();
    queue.scheduleCheckPendingRequests = original;
    // It re-arms itself with nothing to do: 20 checks arrive however loaded the machine is (about
    // 20 ms when idle); a queue that does not spin never gets there.
    const count = countChecks(queue);
    const deadline = Date.now() + 10_000;
    while (count() < 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    queue.destroy();
    expect(count()).toBeGreaterThanOrEqual(20);
  });

  it('an idle queue arms no timer once the fix is installed', async () => {
    installRequestQueueIdleFix();
    installRequestQueueIdleFix();
    const queue = newQueue();
    expect(await checksDuring(queue, 100)).toBe(0);
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });

  it('a request waiting for an in-flight slot goes out when the slot frees, and a late recheck is armed meanwhile', () => {
    installRequestQueueIdleFix();
    const queue = newQueue(1);
    const sent: number[] = [];
    const request = (correlationId: number) => ({
      entry: entry(correlationId),
      expectResponse: true,
      sendRequest: () => sent.push(correlationId),
    });
    queue.push(request(1));
    queue.push(request(2));
    expect(sent).toEqual([1]);
    expect(queue.pending).toHaveLength(1);
    expect(queue.throttleCheckTimeoutId).not.toBeNull();
    queue.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(sent).toEqual([1, 2]);
    expect(queue.pending).toHaveLength(0);
    queue.destroy();
  });

  it("a throttled queue sends its waiting request when the broker's throttle ends", async () => {
    installRequestQueueIdleFix();
    const queue = newQueue();
    const sent: number[] = [];
    queue.maybeThrottle(60);
    queue.push({ entry: entry(7), expectResponse: true, sendRequest: () => sent.push(7) });
    expect(sent).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sent).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30 + PENDING_RECHECK_MS * 5));
    expect(sent).toEqual([7]);
    queue.destroy();
  });
});
