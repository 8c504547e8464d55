import pino from 'pino';
import { ocppFramesBatchContract, type OcppFramesBatch } from '@voltlane/contracts';
import { InMemoryBus, type BusMessage, type BusRecord, type EventPublisher } from '@voltlane/messaging';
import { GatewayStats } from '../gateway-stats';
import { MessageLogRecorder, type MessageLogConfig } from './message-log-recorder';

const TOPIC = 'ocpp.frames.v1';
const INSTANCE = 'gw-1';
const CONFIG: MessageLogConfig = { enabled: true, flushMs: 200, batchBytes: 64 * 1024, maxBufferBytes: 1024 * 1024, maxFrameBytes: 4096 };
const station = { stationId: 'CS-1', connectionId: 'c-1' };
const T0 = Date.parse('2026-01-02T03:04:05.000Z');

/** A publisher whose records can be made to fail or to wait until released (a slow bus). */
class ControlledPublisher implements EventPublisher {
  readonly records: BusRecord[] = [];
  mode: 'ok' | 'fail' | 'hold' = 'ok';
  private readonly held: (() => void)[] = [];

  publish(record: BusRecord): Promise<void> {
    if (this.mode === 'fail') return Promise.reject(new Error('broker down'));
    if (this.mode === 'hold') return new Promise((resolve) => this.held.push(() => (this.records.push(record), resolve())));
    this.records.push(record);
    return Promise.resolve();
  }

  release(): void {
    for (const done of this.held.splice(0)) done();
  }

  async close(): Promise<void> {}
}

function batches(records: readonly { value: string }[]): OcppFramesBatch[] {
  return records.map((r) => ocppFramesBatchContract.outgoing(JSON.parse(r.value)));
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('MessageLogRecorder', () => {
  const logger = pino({ level: 'silent' });
  let stats: GatewayStats;
  let clock: number;
  const recorder = (publisher: EventPublisher, config: Partial<MessageLogConfig> = {}): MessageLogRecorder =>
    new MessageLogRecorder({ ...CONFIG, ...config }, publisher, TOPIC, INSTANCE, stats, logger, () => clock);

  beforeEach(() => {
    jest.useFakeTimers();
    stats = new GatewayStats();
    clock = T0;
  });
  afterEach(() => jest.useRealTimers());

  it('publishes the frames of a flush window as one record on the bus, in order, keyed by the gateway instance', async () => {
    const bus = new InMemoryBus();
    const received: BusMessage[] = [];
    await bus.subscribe({ groupId: 'store', topics: [TOPIC] }, async (m) => void received.push(m));
    const log = recorder(bus);
    log.record(station, 'in', '[2,"1","Heartbeat",{}]', 'Heartbeat');
    clock += 5;
    log.record(station, 'out', '[3,"1",{"currentTime":"x"}]', 'Heartbeat');
    log.record(station, 'in', 'not json');
    jest.advanceTimersByTime(199);
    await bus.drain();
    expect(received).toHaveLength(0);
    jest.advanceTimersByTime(1);
    await settle();
    await bus.drain();
    expect(received.map((m) => [m.topic, m.key])).toEqual([[TOPIC, INSTANCE]]);
    expect(batches(received)).toEqual([
      {
        gatewayInstance: INSTANCE,
        frames: [
          { ...station, direction: 'in', at: '2026-01-02T03:04:05.000Z', action: 'Heartbeat', frame: '[2,"1","Heartbeat",{}]' },
          { ...station, direction: 'out', at: '2026-01-02T03:04:05.005Z', action: 'Heartbeat', frame: '[3,"1",{"currentTime":"x"}]' },
          { ...station, direction: 'in', at: '2026-01-02T03:04:05.005Z', action: null, frame: 'not json' },
        ],
      },
    ]);
    expect(stats.messageLogFrames).toBe(3);
    expect(log.buffered).toBe(0);
  });

  it('publishes as soon as the buffer reaches the batch size, without waiting for the timer', async () => {
    const publisher = new ControlledPublisher();
    const log = recorder(publisher, { batchBytes: 4096, maxFrameBytes: 4096 });
    const frame = `[2,"1","DataTransfer",{"data":"${'x'.repeat(1000)}"}]`;
    for (let i = 0; i < 3; i++) log.record(station, 'in', frame, 'DataTransfer');
    expect(publisher.records).toHaveLength(0);
    log.record(station, 'in', frame, 'DataTransfer');
    expect(publisher.records).toHaveLength(1);
    expect(batches(publisher.records)[0].frames).toHaveLength(4);
    log.record(station, 'in', frame, 'DataTransfer');
    jest.advanceTimersByTime(200);
    expect(batches(publisher.records).map((b) => b.frames.length)).toEqual([4, 1]);
  });

  it('cuts a frame longer than the limit at a character boundary and marks it truncated', () => {
    const publisher = new ControlledPublisher();
    const log = recorder(publisher, { maxFrameBytes: 1000 });
    const long = `["${'€'.repeat(600)}"]`; // 1804 UTF-8 bytes
    const exact = 'y'.repeat(1000);
    log.record(station, 'out', long, 'DataTransfer');
    log.record(station, 'out', exact);
    log.flush();
    const [cut, kept] = batches(publisher.records)[0].frames;
    expect(cut.truncated).toBe(true);
    expect(cut.frame).toBe(`["${'€'.repeat(332)}`);
    expect(Buffer.byteLength(cut.frame)).toBeLessThanOrEqual(1000);
    expect(kept).toEqual(expect.not.objectContaining({ truncated: expect.anything() }));
    expect(kept.frame).toBe(exact);
  });

  it('cuts an action longer than the contract allows', () => {
    const publisher = new ControlledPublisher();
    const log = recorder(publisher);
    log.record(station, 'in', '[2,"1","A…",{}]', 'A'.repeat(100));
    log.flush();
    expect(batches(publisher.records)[0].frames[0].action).toBe('A'.repeat(64));
  });

  it('splits a record whose JSON is far above the batch size (multi-byte frames)', () => {
    const publisher = new ControlledPublisher();
    const log = recorder(publisher, { batchBytes: 4096, maxFrameBytes: 4096 });
    const frame = `["${'€'.repeat(1000)}"]`; // 1000 units, 3004 bytes
    for (let i = 0; i < 4; i++) log.record(station, 'in', frame);
    const sizes = publisher.records.map((r) => Buffer.byteLength(r.value));
    expect(batches(publisher.records).map((b) => b.frames.length)).toEqual([2, 2]);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(2 * 4096);
  });

  it('drops and counts the frames of a record the bus refuses; the next record goes out', async () => {
    const publisher = new ControlledPublisher();
    const log = recorder(publisher);
    publisher.mode = 'fail';
    log.record(station, 'in', '[2,"1","Heartbeat",{}]', 'Heartbeat');
    log.record(station, 'out', '[3,"1",{}]', 'Heartbeat');
    log.flush();
    await settle();
    expect(stats.messageLogDroppedByReason).toEqual({ publish_failed: 2 });
    expect(stats.messageLogFrames).toBe(0);
    publisher.mode = 'ok';
    log.record(station, 'in', '[2,"2","Heartbeat",{}]', 'Heartbeat');
    log.flush();
    await settle();
    expect(stats.messageLogFrames).toBe(1);
    expect(batches(publisher.records)[0].frames.map((f) => f.frame)).toEqual(['[2,"2","Heartbeat",{}]']);
  });

  it('drops frames beyond the buffer bound while the bus is slow, and records again once it caught up', async () => {
    const publisher = new ControlledPublisher();
    const log = recorder(publisher, { batchBytes: 4096, maxFrameBytes: 4096, maxBufferBytes: 8192 });
    publisher.mode = 'hold';
    const frame = 'z'.repeat(1800); // ~2 KB each with the overhead
    for (let i = 0; i < 6; i++) log.record(station, 'in', frame);
    expect(stats.messageLogDroppedByReason).toEqual({ buffer_full: 2 });
    publisher.mode = 'ok';
    publisher.release();
    await settle();
    expect(stats.messageLogFrames).toBe(3);
    log.record(station, 'in', frame);
    log.flush();
    await settle();
    expect(stats.messageLogFrames).toBe(5);
    expect(stats.messageLogDroppedByReason).toEqual({ buffer_full: 2 });
  });

  it('close() publishes what is left, waits for the bus, and ignores later frames', async () => {
    const publisher = new ControlledPublisher();
    const log = recorder(publisher);
    publisher.mode = 'hold';
    log.record(station, 'in', '[2,"1","Heartbeat",{}]', 'Heartbeat');
    let closed = false;
    const closing = log.close().then(() => (closed = true));
    await settle();
    expect(closed).toBe(false);
    publisher.release();
    await closing;
    expect(stats.messageLogFrames).toBe(1);
    log.record(station, 'in', '[2,"2","Heartbeat",{}]', 'Heartbeat');
    jest.advanceTimersByTime(1_000);
    expect(publisher.records).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('records nothing when off', async () => {
    const publisher = new ControlledPublisher();
    const log = recorder(publisher, { enabled: false });
    log.record(station, 'in', '[2,"1","Heartbeat",{}]', 'Heartbeat');
    expect(log.buffered).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    await log.close();
    expect(publisher.records).toHaveLength(0);
  });
});
