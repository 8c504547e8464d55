import { InboundHeader, inboundHeaders, replyChannelOf } from '@voltlane/contracts';
import { InMemoryBus, InMemoryReplyChannel } from '@voltlane/messaging';
import { createLogger } from '@voltlane/telemetry';
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

async function setUp(handlers: OcppCallHandler[], observers: OcppFrameObserver[] = []) {
  const bus = new InMemoryBus();
  const channel = new InMemoryReplyChannel();
  const replies: { stationId: string; connectionId: string; messageId: string; frame: string }[] = [];
  await channel.listen(replyChannelOf('gw-1'), (m) => replies.push(JSON.parse(m)));
  const dispatcher = new InboundDispatcher(bus, channel, handlers, observers, createLogger('spec', 'silent'), { groupId: 'svc', topic: TOPIC, retryBaseMs: 1 });
  await dispatcher.start();
  return { bus, replies, dispatcher };
}

const heartbeat: OcppCallHandler = { action: 'Heartbeat', versions: ['ocpp1.6'], handle: async () => ({ currentTime: '2026-11-24T00:00:00.000Z' }) };

describe('InboundDispatcher', () => {
  it('answers a CALL through the reply channel of the gateway instance named in the headers', async () => {
    const { bus, replies } = await setUp([heartbeat]);
    await bus.publish(aCall('Heartbeat', {}, { id: 'h1' }));
    await bus.drain();
    await new Promise((r) => setImmediate(r));
    expect(replies).toEqual([{ kind: 'reply', stationId: 'CP1', connectionId: 'conn-1', messageId: 'h1', frame: '[3,"h1",{"currentTime":"2026-11-24T00:00:00.000Z"}]' }]);
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

  it('maps OcppCallError to a CALLERROR spelled for the version, and retries other failures', async () => {
    let attempts = 0;
    const flaky: OcppCallHandler = {
      action: 'StatusNotification',
      versions: ['ocpp1.6'],
      handle: async () => {
        if (++attempts < 3) throw new Error('database blip');
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
    const { bus, replies } = await setUp([flaky, refusing]);
    await bus.publish(aCall('StatusNotification', {}, { id: 's1' }));
    await bus.publish(aCall('Authorize', {}, { id: 'a1' }));
    await bus.drain();
    await new Promise((r) => setImmediate(r));
    expect(attempts).toBe(3);
    expect(replies.map((r) => r.frame)).toEqual(['[3,"s1",{}]', '[4,"a1","OccurenceConstraintViolation","nope",{}]']);
  });

  it('answers InternalError after the last attempt fails', async () => {
    const broken: OcppCallHandler = { action: 'Heartbeat', versions: ['ocpp1.6'], handle: () => Promise.reject(new Error('down')) };
    const { bus, replies } = await setUp([broken]);
    await bus.publish(aCall('Heartbeat', {}, { id: 'x' }));
    await bus.drain();
    await new Promise((r) => setImmediate(r));
    expect(JSON.parse(replies[0].frame).slice(0, 3)).toEqual([4, 'x', 'InternalError']);
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

  it('refuses two handlers for one action and version', () => {
    expect(() => new InboundDispatcher(new InMemoryBus(), new InMemoryReplyChannel(), [heartbeat, heartbeat], [], createLogger('spec', 'silent'), { groupId: 'g', topic: TOPIC })).toThrow(/two handlers for ocpp1.6:Heartbeat/);
  });

  it('lists what it answers per version', async () => {
    const { dispatcher } = await setUp([heartbeat]);
    expect(dispatcher.answers('ocpp1.6')).toEqual(['Heartbeat']);
    expect(dispatcher.answers('ocpp2.0.1')).toEqual([]);
    expect(InboundHeader.Action).toBe('ocpp-action');
  });
});
