import { InMemoryBus } from './in-memory-bus';
import type { BusMessage } from '../ports/event-bus.port';

describe('InMemoryBus', () => {
  it('gives every group every record of its topics, in publish order', async () => {
    const bus = new InMemoryBus();
    const a: string[] = [];
    const b: string[] = [];
    await bus.subscribe({ groupId: 'a', topics: ['t1'] }, async (m) => void a.push(m.value));
    await bus.subscribe({ groupId: 'b', topics: ['t1', 't2'] }, async (m) => {
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      b.push(m.value);
    });
    for (let i = 0; i < 10; i++) await bus.publish({ topic: i % 2 ? 't2' : 't1', key: 'k', value: String(i) });
    await bus.drain();
    expect(a).toEqual(['0', '2', '4', '6', '8']);
    expect(b).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('closing a subscription waits for the record in hand and delivers it nothing more', async () => {
    const bus = new InMemoryBus();
    const done: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const subscription = await bus.subscribe({ groupId: 'g', topics: ['t'] }, async (m) => {
      if (m.value === 'first') await held;
      done.push(m.value);
    });
    await bus.publish({ topic: 't', key: 'k', value: 'first' });
    await bus.publish({ topic: 't', key: 'k', value: 'second' });
    await new Promise((r) => setImmediate(r));
    let closed = false;
    const closing = subscription.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    release();
    await closing;
    expect(done).toEqual(['first']);
  });

  it('re-delivers a record whose handler failed, like an uncommitted Kafka offset', async () => {
    const errors: BusMessage[] = [];
    const bus = new InMemoryBus((_e, m) => errors.push(m));
    let calls = 0;
    const seen: string[] = [];
    await bus.subscribe({ groupId: 'g', topics: ['t'] }, async (m) => {
      if (++calls === 1) throw new Error('transient');
      seen.push(m.value);
    });
    await bus.publish({ topic: 't', key: 'k', value: 'x', headers: { h: '1' } });
    await bus.drain();
    expect(seen).toEqual(['x']);
    expect(errors.map((m) => m.headers)).toEqual([{ h: '1' }]);
  });

  it('keeps re-delivering a failing key without delaying the records of other keys', async () => {
    const bus = new InMemoryBus();
    let poisonAttempts = 0;
    const handled: string[] = [];
    await bus.subscribe({ groupId: 'g', topics: ['t'] }, async (m) => {
      if (m.key === 'bad' && ++poisonAttempts < 4) throw new Error('down');
      handled.push(`${m.key}:${m.value}`);
    });
    await bus.publish({ topic: 't', key: 'bad', value: '1' });
    await bus.publish({ topic: 't', key: 'bad', value: '2' });
    for (let i = 0; i < 5; i++) await bus.publish({ topic: 't', key: `ok${i}`, value: String(i) });
    await new Promise((r) => setTimeout(r, 20));
    // The good keys are through while the failing key still waits for its re-delivery.
    expect(handled).toEqual(['ok0:0', 'ok1:1', 'ok2:2', 'ok3:3', 'ok4:4']);
    await bus.drain();
    expect(handled.slice(5)).toEqual(['bad:1', 'bad:2']);
    expect(poisonAttempts).toBe(5); // record 1: three failures and a success; record 2: one success
  });
});
