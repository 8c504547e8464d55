import { backoffDelay } from '../station/backoff';
import { Scheduler } from './scheduler';

describe('Scheduler', () => {
  it('runs tasks in time order with one timer, and skips cancelled ones', async () => {
    const scheduler = new Scheduler();
    const ran: string[] = [];
    scheduler.after(40, () => ran.push('c'));
    scheduler.after(10, () => ran.push('a'));
    const cancelled = scheduler.after(20, () => ran.push('x'));
    scheduler.after(20, () => ran.push('b'));
    cancelled.cancel();
    // Wait for the last task, not for a time window: after a stall of the loop, a timer of the
    // test's own could come due before the scheduler re-arms for 'c'.
    while (!ran.includes('c')) await new Promise((r) => setTimeout(r, 5));
    expect(ran).toEqual(['a', 'b', 'c']);
    scheduler.stop();
  });

  it('repeats `every` task until cancelled', async () => {
    const scheduler = new Scheduler();
    let count = 0;
    const task = scheduler.every(10, () => count++);
    // Wait for the repeats themselves, not for a time window a loaded machine may not give them.
    while (count < 4) await new Promise((r) => setTimeout(r, 5));
    task.cancel();
    const seen = count;
    await new Promise((r) => setTimeout(r, 40));
    expect(seen).toBeGreaterThanOrEqual(4);
    expect(count).toBe(seen);
    scheduler.stop();
  });
});

describe('backoffDelay', () => {
  it.each([
    [0, 0, 1000],
    [0, 1, 1000],
    [1, 1, 2000],
    [3, 1, 8000],
    [10, 1, 30_000],
    [10, 0, 1000],
  ])('attempt %d with random %d waits %d ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, 1000, 30_000, random)).toBe(expected);
  });
});
