import { InboundHeader, replyChannelOf } from '@voltlane/contracts';
import { TestStation, basicAuth, uniqueName } from '@voltlane/testing';
import { GatewayTestKit } from './gateway-test-kit';

const PASSWORD = 'correct-horse-battery-4';
const status16 = { connectorId: 1, errorCode: 'NoError', status: 'Available' };

describe('ocpp-gateway: nothing but BootNotification before the Boot is accepted', () => {
  const kit = new GatewayTestKit();
  let gw: Awaited<ReturnType<GatewayTestKit['startGateway']>>;

  beforeAll(async () => {
    await kit.setUp();
    gw = await kit.startGateway();
  });
  afterAll(() => kit.tearDown());

  async function connect(bootStatus: 'Accepted' | 'Pending' | 'Rejected' | null): Promise<{ id: string; ws: TestStation }> {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD, bootStatus });
    return { id, ws: await TestStation.connect(gw.url(id), ['ocpp1.6'], { headers: basicAuth(id, PASSWORD) }) };
  }

  async function answerBoot(id: string, messageId: string, status: string): Promise<void> {
    const record = await kit.inboundRecord((m) => m.key === id && m.headers[InboundHeader.MessageId] === messageId);
    const frame = JSON.stringify([3, messageId, { status, currentTime: new Date().toISOString(), interval: 60 }]);
    await kit.channel.send(
      replyChannelOf(gw.instanceId),
      JSON.stringify({ kind: 'reply', stationId: id, connectionId: record.headers[InboundHeader.ConnectionId], messageId, frame }),
    );
  }

  it('refuses CALLs of a station that never booted, then lets them through once its Boot is Accepted', async () => {
    const { id, ws } = await connect(null);
    expect((await ws.call('Heartbeat', {}, 'h1')).slice(0, 3)).toEqual([4, 'h1', 'SecurityError']);
    expect((await ws.call('StatusNotification', status16, 's1')).slice(0, 3)).toEqual([4, 's1', 'SecurityError']);
    const boot = ws.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }, 'b1');
    await answerBoot(id, 'b1', 'Accepted');
    expect((await boot)[0]).toBe(3);
    expect((await ws.call('Heartbeat', {}, 'h2'))[0]).toBe(3);
    // Refused frames never reached Kafka.
    await kit.inboundRecord((m) => m.key === id && m.headers[InboundHeader.MessageId] === 'h2');
    expect(kit.inbound.filter((m) => m.key === id).map((m) => m.headers[InboundHeader.MessageId])).toEqual(['b1', 'h2']);
    await ws.close();
  });

  it('lets a Pending station send only what a TriggerMessage asked for', async () => {
    const { id, ws } = await connect('Pending');
    expect((await ws.call('StatusNotification', status16, 's1')).slice(0, 3)).toEqual([4, 's1', 'SecurityError']);
    ws.onCall = (action, _payload, msgId) => (action === 'TriggerMessage' ? [3, msgId, { status: 'Accepted' }] : undefined);
    const trigger = await kit.commands.send(
      id,
      'TriggerMessage',
      { requestedMessage: 'StatusNotification', connectorId: 1 },
      { timeoutMs: 5_000 },
    );
    expect(trigger.outcome).toBe('result');
    const answer = ws.call('StatusNotification', status16, 's2');
    await kit.inboundRecord((m) => m.key === id && m.headers[InboundHeader.MessageId] === 's2');
    expect((await ws.call('Authorize', { idTag: 'TAG' }, 'a1')).slice(0, 3)).toEqual([4, 'a1', 'SecurityError']);
    await ws.close();
    await answer.catch(() => undefined);
  });

  it('refuses everything but BootNotification from a Rejected station', async () => {
    const { ws } = await connect('Rejected');
    expect((await ws.call('Heartbeat', {}, 'h1')).slice(0, 3)).toEqual([4, 'h1', 'SecurityError']);
    expect((await ws.call('Authorize', { idTag: 'X' }, 'a1')).slice(0, 3)).toEqual([4, 'a1', 'SecurityError']);
    await ws.close();
  });

  it('remembers an Accepted boot across reconnects (no Boot required on every connect)', async () => {
    const { ws } = await connect('Accepted');
    expect((await ws.call('Heartbeat', {}, 'h1'))[0]).toBe(3);
    await ws.close();
  });
});
