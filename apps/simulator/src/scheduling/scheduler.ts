/** A task in the shared scheduler; `cancel()` is cheap and idempotent. */
export interface ScheduledTask {
  cancel(): void;
}

interface Entry extends ScheduledTask {
  at: number;
  seq: number;
  fn: (() => void) | undefined;
}

/**
 * One timer for a whole fleet: a binary min-heap of due times and a single Node timer armed for
 * the earliest one. Ten thousand stations with heartbeats, samples and call time-outs cost heap
 * entries, not ten thousand timers. Cancelled entries are dropped lazily when they come due.
 */
export class Scheduler {
  private readonly heap: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private armedAt = Infinity;
  private seq = 0;
  private stopped = false;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly resolutionMs = 10,
  ) {}

  /** Runs `fn` once, `ms` from now. */
  after(ms: number, fn: () => void): ScheduledTask {
    return this.at(this.now() + Math.max(0, ms), fn);
  }

  /** Runs `fn` once at epoch-millisecond `at`. */
  at(at: number, fn: () => void): ScheduledTask {
    const entry: Entry = {
      at,
      seq: this.seq++,
      fn,
      cancel() {
        entry.fn = undefined;
      },
    };
    if (this.stopped) return entry;
    this.push(entry);
    if (at < this.armedAt) this.arm();
    return entry;
  }

  /** Runs `fn` every `ms` until cancelled (the next run is scheduled before `fn` runs). */
  every(ms: number, fn: () => void, firstAfterMs = ms): ScheduledTask {
    let current: ScheduledTask;
    let cancelled = false;
    const run = (): void => {
      if (cancelled) return;
      current = this.after(ms, run);
      fn();
    };
    current = this.after(firstAfterMs, run);
    return {
      cancel() {
        cancelled = true;
        current.cancel();
      },
    };
  }

  /** Entries still in the heap (including cancelled ones not yet dropped). */
  get size(): number {
    return this.heap.length;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.heap.length = 0;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
    const first = this.heap[0];
    if (!first || this.stopped) return;
    const delay = Math.max(0, first.at - this.now());
    this.armedAt = first.at;
    this.timer = setTimeout(() => this.tick(), Math.max(delay, delay > 0 ? this.resolutionMs : 0));
  }

  private tick(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    // Never early: a task that reschedules itself for "the next boundary" must see time past it.
    const horizon = this.now();
    let ran = 0;
    while (this.heap.length > 0 && this.heap[0].at <= horizon && !this.stopped) {
      const entry = this.pop();
      const fn = entry.fn;
      entry.fn = undefined;
      if (fn) {
        ran++;
        try {
          fn();
        } catch (error) {
          process.emitWarning(`simulator task failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
      }
      // Yield to I/O after a large batch so sockets are serviced between bursts.
      if (ran >= 5_000) break;
    }
    if (!this.stopped) this.arm();
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private pop(): Entry {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop() as Entry;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && earlier(heap[left], heap[smallest])) smallest = left;
        if (right < heap.length && earlier(heap[right], heap[smallest])) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }
}

function earlier(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
