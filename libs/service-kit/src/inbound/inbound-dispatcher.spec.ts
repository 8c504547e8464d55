import { InboundHeader, inboundHeaders, replyChannelOf } from '@voltlane/contracts';
import { InMemoryBus, InMemoryReplyChannel, type BusMessage } from '@voltlane/messaging';
import { createLogger } from '@voltlane/telemetry';
import type { DeadLetterInput, DeadLetters, DeadLetterView } from '../consuming/dead-letter';
import { ValueOutOfBounds } from '../consuming/permanent-failure';
import { InboundDispatcher } from './inbound-dispatcher';
import { OcppCallError } from './ocpp-call-error';
import type { OcppCallHandler, OcppFrameObserver } from './ocpp-call-handler';

const TOPIC = 'ocpp.inbound.v1';

function aCall(action: string, payload: unknown, overrides: { id?: string; protocol?: 'ocpp1.6' | 'ocpp2.0.1'; answered?: boolean } = {}) {
  const id = overrides.id ?? `m-${Math.random().toString(36).slice(2)}`;
  const headers = inboundHeaders({
    stationId: 'CP1',
    protocol: overrides.protocol ?? 'ocpp1.6',
    action,
    messageId: id,
    gatewayInstance: 'gw-1',
    connectionId: 'conn-1',
    receivedAt: '2026-11-24T00:00:00.000Z',
  });
  if (overrides.answered) headers['ocpp-answered-by'] = 'gateway';
  return { topic: TOPIC, key: 'CP1', value: JSON.stringify([2, id, action, payload]), headers };
}

/** Records what the dispatcher parks; nothing to list, re-drive or discard. */
class RecordingDeadLetters implements DeadLetters {
  readonly recorded: DeadLetterInput[] = [];

  async record(input: DeadLetterInput): Promise<void> {
    this.recorded.push(input);
  }

  async list(): Promise<{ items: DeadLetterView[]; total: number }> {
    return { items: [], total: 0 };
  }

  async get(): Promise<DeadLetterView | null> {
    return null;
  }

  async redrive(): Promise<DeadLetterView | null> {
    return null;
  }

  async discard(): Promise<DeadLetterView | null> {
    return null;
  }
}

/** An error the failure policy retries (the database is not reachable right now). */
function unreachable(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

async function setUp(handlers: OcppCallHandler[], observers: OcppFrameObserver[] = []) {
  const bus = new InMemoryBus();
  const channel = new InMemoryReplyChannel();
  const deadLetters = new RecordingDeadLetters();
  const replies: { stationId: string; connectionId: string; messageId: string; frame: string }[] = [];
  await channel.listen(replyChannelOf('gw-1'), (m) => replies.push(JSON.parse(m)));
  const dispatcher = new InboundDispatcher(bus, channel, handlers, observers, createLogger('spec', 'silent'), {
    groupId: 'svc',
    topic: TOPIC,
    retryBaseMs: 1,
    deadLetters,
  });
  await dispatcher.start();
  return { bus, replies, dispatcher, deadLetters };
}

async function settle(bus: InMemoryBus): Promise<void> {
  await bus.drain();
  await new Promise((r) => setImmediate(r));
}

const heartbeat: OcppCallHandler = {
  action: 'Heartbeat',
  versions: ['ocpp1.6'],
  handle: async () => ({ currentTime: '2026-11-24T00:00:00.000Z' }),
};

describe('InboundDispatcher', () => {
  it('answers a CALL through the reply channel of the gateway instance named in the headers', async () => {
    const { bus, replies } = await setUp([heartbeat]);
    await bus.publish(aCall('Heartbeat', {}, { id: 'h1' }));
    await bus.drain();
    await new Promise((r) => setImmediate(r));
    expect(replies).toEqual([
      {
        kind: 'reply',
        stationId: 'CP1',
        connectionId: 'conn-1',
        messageId: 'h1',
        frame: '[3,"h1",{"currentTime":"2026-11-24T00:00:00.000Z"}]',
      },
    ]);
  });

  it('ignores actions and versions it does not answer, and records the gateway already answered', async () => {
    const { bus, replies } = await setUp([heartbeat]);
    await bus.publish(aCall('Heartbeat', {}, { protocol: 'ocpp2.0.1' }));
    await bus.publish(aCall('Authorize', { idTag: 'X' }));
    await bus.publish(aCall('Heartbeat', {}, { answered: true }));
    await bus.drain();
    await new Promise((r) => setImmediate(r));
    expect(replies).toEqual([]);
  });

  it('maps OcppCallError to a CALLERROR spelled for the version, and retries transient failures', async () => {
    let attempts = 0;
    const flaky: OcppCallHandler = {
      action: 'StatusNotification',
      versions: ['ocpp1.6'],
      handle: async () => {
        if (++attempts < 3) throw unreachable();
        return {};
      },
    };
    const refusing: OcppCallHandler = {
      action: 'Authorize',
      versions: ['ocpp1.6'],
      handle: async () => {
        throw new OcppCallError('OccurrenceConstraintViolation', 'nope');
      },
    };
    const { bus, replies, dispatcher } = await setUp([flaky, refusing]);
    await bus.publish(aCall('StatusNotification', {}, { id: 's1' }));
    await bus.publish(aCall('Authorize', {}, { id: 'a1' }));
    await bus.drain();
    await new Promise((r) => setImmediate(r));
    expect(attempts).toBe(3);
    expect(replies.map((r) => r.frame)).toEqual(['[3,"s1",{}]', '[4,"a1","OccurenceConstraintViolation","nope",{}]']);
    // Counted by action and by the code as the station's version spells it (metrics).
    expect([...dispatcher.callErrors.values()]).toEqual([{ action: 'Authorize', code: 'OccurenceConstraintViolation', count: 1 }]);
  });

  it('retries a transient failure and answers InternalError after the last attempt, parking nothing', async () => {
    let attempts = 0;
    const broken: OcppCallHandler = {
      action: 'Heartbeat',
      versions: ['ocpp1.6'],
      handle: () => (attempts++, Promise.reject(unreachable())),
    };
    const { bus, replies, deadLetters, dispatcher } = await setUp([broken]);
    await bus.publish(aCall('Heartbeat', {}, { id: 'x' }));
    await settle(bus);
    expect(attempts).toBe(5);
    expect(replies).toHaveLength(1);
    expect(JSON.parse(replies[0].frame).slice(0, 3)).toEqual([4, 'x', 'InternalError']);
    expect(deadLetters.recorded).toEqual([]);
    expect(dispatcher.handled.get('Heartbeat')).toMatchObject({ failed: 1, refused: 0 });
    expect([...dispatcher.callErrors.values()]).toEqual([{ action: 'Heartbeat', code: 'InternalError', count: 1 }]);
  });

  it.each([
    ['Authorize', { idTag: 'A' }, { idTagInfo: { status: 'Invalid' } }],
    ['MeterValues', { connectorId: 1, meterValue: [] }, {}],
  ])(
    'answers 1.6 %s that fails permanently with its refusing CALLRESULT after one attempt, and dead-letters the frame',
    async (action, payload, refusal) => {
      let attempts = 0;
      const outOfBounds: OcppCallHandler = {
        action,
        versions: ['ocpp1.6'],
        handle: async () => {
          attempts++;
          throw new ValueOutOfBounds('x', 'y');
        },
      };
      const { bus, replies, deadLetters, dispatcher } = await setUp([outOfBounds]);
      await bus.publish(aCall(action, payload, { id: 'v1' }));
      await settle(bus);
      expect(attempts).toBe(1);
      expect(replies.map((r) => JSON.parse(r.frame) as unknown)).toEqual([[3, 'v1', refusal]]);
      expect(deadLetters.recorded).toHaveLength(1);
      expect(deadLetters.recorded[0]).toMatchObject({
        groupId: 'svc',
        stage: `handler:${action}`,
        code: 'ValueOutOfBounds',
        reason: 'x y',
        stationId: 'CP1',
        action,
        messageId: 'v1',
      });
      expect(deadLetters.recorded[0].message).toMatchObject({ topic: TOPIC, key: 'CP1' });
      expect(dispatcher.handled.get(action)).toMatchObject({ refused: 1, result: 0 });
    },
  );

  it('dead-letters an observer that fails permanently while the handler still answers', async () => {
    let observed = 0;
    const failing: OcppFrameObserver = {
      actions: ['Heartbeat'],
      observe: async () => {
        observed++;
        throw new ValueOutOfBounds('lastSeen', 'out of range');
      },
    };
    const { bus, replies, deadLetters } = await setUp([heartbeat], [failing]);
    await bus.publish(aCall('Heartbeat', {}, { id: 'o1' }));
    await settle(bus);
    expect(observed).toBe(1);
    expect(replies.map((r) => r.frame)).toEqual(['[3,"o1",{"currentTime":"2026-11-24T00:00:00.000Z"}]']);
    expect(deadLetters.recorded).toHaveLength(1);
    expect(deadLetters.recorded[0]).toMatchObject({
      groupId: 'svc',
      code: 'ValueOutOfBounds',
      stationId: 'CP1',
      action: 'Heartbeat',
      messageId: 'o1',
    });
    expect(deadLetters.recorded[0].stage).toMatch(/^observer:/);
  });

  it('dead-letters a record that is not JSON without throwing', async () => {
    const { replies, deadLetters, dispatcher } = await setUp([heartbeat]);
    const record = aCall('Heartbeat', {}, { id: 'bad' });
    const message: BusMessage = { ...record, value: '[2,"bad","Heartbeat",{', partition: 0, offset: '7', timestamp: '0' };
    await expect(dispatcher.handle(message)).resolves.toBeUndefined();
    expect(replies).toEqual([]);
    expect(deadLetters.recorded).toHaveLength(1);
    expect(deadLetters.recorded[0]).toMatchObject({
      groupId: 'svc',
      stage: 'decode',
      code: 'MalformedJson',
      message: { offset: '7', value: '[2,"bad","Heartbeat",{' },
    });
  });

  it('gives observers the frames they asked for, before the handler runs', async () => {
    const seen: string[] = [];
    const observer: OcppFrameObserver = { actions: ['Heartbeat'], observe: async (_p, ctx) => void seen.push(`observe:${ctx.messageId}`) };
    const all: OcppFrameObserver = { actions: '*', observe: async (_p, ctx) => void seen.push(`all:${ctx.action}`) };
    const handler: OcppCallHandler = { action: 'Heartbeat', versions: ['ocpp1.6'], handle: async () => (seen.push('handle'), {}) };
    const { bus } = await setUp([handler], [observer, all]);
    await bus.publish(aCall('Heartbeat', {}, { id: 'h9' }));
    await bus.publish(aCall('Authorize', { idTag: 'A' }));
    await bus.drain();
    expect(seen).toEqual(['observe:h9', 'all:Heartbeat', 'handle', 'all:Authorize']);
  });

  it('drops, without decoding, a frame it neither answers nor observes; one only payload-blind observers want reaches them undecoded', async () => {
    const seen: string[] = [];
    const blind: OcppFrameObserver = {
      actions: '*',
      readsPayload: false,
      observe: async (payload, ctx) => void seen.push(`${ctx.action}:${JSON.stringify(payload)}`),
    };
    const reading: OcppFrameObserver = {
      actions: ['Authorize'],
      observe: async (payload) => void seen.push(`read:${JSON.stringify(payload)}`),
    };
    const unreadable = (action: string) => ({ ...aCall(action, {}), value: `[2,"x","${action}",{` });
    // Nobody here wants DataTransfer: not even its broken JSON is looked at.
    const alone = await setUp([heartbeat]);
    await alone.bus.publish(unreadable('DataTransfer'));
    await settle(alone.bus);
    expect(alone.deadLetters.recorded).toEqual([]);
    // The payload-blind observer notes a StatusNotification it cannot decode; Authorize is decoded for the reading one.
    const { bus, deadLetters } = await setUp([heartbeat], [blind, reading]);
    await bus.publish(unreadable('StatusNotification'));
    await bus.publish(aCall('Authorize', { idTag: 'A' }));
    await settle(bus);
    expect(seen).toEqual(['StatusNotification:{}', 'Authorize:{"idTag":"A"}', 'read:{"idTag":"A"}']);
    expect(deadLetters.recorded).toEqual([]);
  });

  it('refuses two handlers for one action and version', () => {
    expect(
      () =>
        new InboundDispatcher(new InMemoryBus(), new InMemoryReplyChannel(), [heartbeat, heartbeat], [], createLogger('spec', 'silent'), {
          groupId: 'g',
          topic: TOPIC,
          deadLetters: new RecordingDeadLetters(),
        }),
    ).toThrow(/two handlers for ocpp1.6:Heartbeat/);
  });

  it('lists what it answers per version', async () => {
    const { dispatcher } = await setUp([heartbeat]);
    expect(dispatcher.answers('ocpp1.6')).toEqual(['Heartbeat']);
    expect(dispatcher.answers('ocpp2.0.1')).toEqual([]);
    expect(InboundHeader.Action).toBe('ocpp-action');
  });
});
