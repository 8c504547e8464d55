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
});
