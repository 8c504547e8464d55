import type { CommandResultEnvelope } from '@voltlane/contracts';
import {
  InMemoryBootStatusStore,
  InMemoryConnectionRegistry,
  InMemoryStationLimitStore,
  type StationCommandClient,
  type StationLimits,
} from '@voltlane/messaging';
import type { OcppVersion } from '@voltlane/ocpp';
import { ProblemError } from '../../http/problem';
import { OperatorCommands } from '../operator-commands';

type Json = Record<string, unknown>;
type Answer = (action: string, payload: Json, call: number) => Partial<CommandResultEnvelope>;

const echoVariables: Answer = (_action, payload) => ({
  outcome: 'result',
  payload: {
    getVariableResult: (payload.getVariableData as Json[]).map((d) => ({ attributeStatus: 'Accepted', attributeValue: '1', ...d })),
  },
});

/** The operator path of one service over in-process ports, a station with `limits`, and a command client answering `answer`. */
async function setup(protocol: OcppVersion, limits: StationLimits | null, answer: Answer = echoVariables) {
  const registry = new InMemoryConnectionRegistry();
  const bootStatus = new InMemoryBootStatusStore();
  const store = new InMemoryStationLimitStore();
  const sent: { action: string; payload: Json }[] = [];
  const applied: string[] = [];
  const commands = {
    send: async (stationId: string, action: string, payload: Json): Promise<CommandResultEnvelope> => {
      sent.push({ action, payload });
      return {
        kind: 'command-result',
        correlationId: `c${sent.length}`,
        stationId,
        protocol,
        request: { action, payload },
        outcome: 'result',
        ...answer(action, payload, sent.length),
      };
    },
  } as unknown as StationCommandClient;
  await registry.claim('CS-1', { gatewayInstance: 'gw', connectionId: 'c', protocol, connectedAt: new Date().toISOString() }, 60_000);
  await bootStatus.set('CS-1', 'Accepted');
  if (limits) await store.put('CS-1', limits);
  const operator = new OperatorCommands(
    { registry, bootStatus, commands, limits: store },
    { onResult: async (r) => void applied.push(r.correlationId) },
  );
  return { operator, sent, applied };
}

const variables = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ component: { name: 'OCPPCommCtrlr' }, variable: { name: `V${i}` } }));

async function problemOf(promise: Promise<unknown>): Promise<ProblemError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('OperatorCommands: list requests split by the station limits (ADR 0017)', () => {
  it('TC_B_08: five variables to a station of ItemsPerMessageGetVariables 4 go as 4 + 1; the answer has all five in order', async () => {
    const { operator, sent, applied } = await setup('ocpp2.0.1', { GetVariables: { items: 4 } });
    const data = variables(5);
    const answer = await operator.send({ stationId: 'CS-1', action: 'GetVariables', payload: { getVariableData: data } });
    expect(sent.map((s) => (s.payload.getVariableData as unknown[]).length)).toEqual([4, 1]);
    expect((answer.result.getVariableResult as Json[]).map((r) => (r.variable as Json).name)).toEqual(data.map((d) => d.variable.name));
    expect(answer.parts).toEqual([
      expect.objectContaining({ first: 0, items: 4, outcome: 'result' }),
      expect.objectContaining({ first: 4, items: 1, outcome: 'result' }),
    ]);
    // Every part's own result is applied (the service's hook sees each real command).
    expect(applied).toEqual(['c1', 'c2']);
  });

  it('sends as given when the station limits are unknown', async () => {
    const { operator, sent } = await setup('ocpp2.0.1', null);
    const answer = await operator.send({ stationId: 'CS-1', action: 'GetVariables', payload: { getVariableData: variables(5) } });
    expect(sent).toHaveLength(1);
    expect(answer.parts).toBeUndefined();
    expect(answer.result.getVariableResult).toHaveLength(5);
  });

  it('a part that fails: its problem (504), saying which part, with every part and the answers before it', async () => {
    const { operator, sent } = await setup('ocpp2.0.1', { GetVariables: { items: 2 } }, (action, payload, call) =>
      call === 2 ? { outcome: 'timeout' } : echoVariables(action, payload, call),
    );
    const problem = await problemOf(
      operator.send({ stationId: 'CS-1', action: 'GetVariables', payload: { getVariableData: variables(5) } }),
    );
    expect(sent).toHaveLength(2);
    expect(problem.status).toBe(504);
    expect(problem.detail).toMatch(/^Part 2 of 3 \(entries 3–4\) of GetVariables failed: .*; 1 later part not sent$/);
    expect((problem.extra.parts as Json[]).map((p) => p.outcome)).toEqual(['result', 'timeout', 'not-sent']);
    expect((problem.extra.result as Json).getVariableResult).toHaveLength(2);
  });

  it('SendLocalList: Full then Differential parts; a part not Accepted stops the rest', async () => {
    const list = Array.from({ length: 5 }, (_, i) => ({ idTag: `T${i}`, idTagInfo: { status: 'Accepted' } }));
    const { operator, sent } = await setup('ocpp1.6', { SendLocalList: { items: 2 } }, (_a, _p, call) => ({
      outcome: 'result',
      payload: { status: call === 2 ? 'Failed' : 'Accepted' },
    }));
    const answer = await operator.send({
      stationId: 'CS-1',
      action: 'SendLocalList',
      payload: { listVersion: 3, updateType: 'Full', localAuthorizationList: list },
    });
    expect(sent.map((s) => [s.payload.updateType, s.payload.listVersion])).toEqual([
      ['Full', 3],
      ['Differential', 4],
    ]);
    expect(answer.result).toEqual({ status: 'Failed' });
    expect(answer.parts).toEqual([
      { first: 0, items: 2, bytes: expect.any(Number), outcome: 'result', status: 'Accepted' },
      {
        first: 2,
        items: 2,
        bytes: expect.any(Number),
        outcome: 'result',
        status: 'Failed',
        changed: { updateType: 'Differential', listVersion: 4 },
      },
      { first: 4, items: 1, bytes: expect.any(Number), outcome: 'not-sent', changed: { updateType: 'Differential', listVersion: 5 } },
    ]);
  });

  it('1.6 GetConfiguration keys split by GetConfigurationMaxKeys; configurationKey and unknownKey merged', async () => {
    const { operator, sent } = await setup('ocpp1.6', { GetConfiguration: { items: 2 } }, (_a, payload) => {
      const keys = payload.key as string[];
      return {
        outcome: 'result',
        payload: {
          configurationKey: keys.filter((k) => k !== 'Nope').map((key) => ({ key, readonly: false, value: '1' })),
          ...(keys.includes('Nope') ? { unknownKey: ['Nope'] } : {}),
        },
      };
    });
    const answer = await operator.send({ stationId: 'CS-1', action: 'GetConfiguration', payload: { key: ['A', 'B', 'Nope', 'C'] } });
    expect(sent.map((s) => s.payload.key)).toEqual([
      ['A', 'B'],
      ['Nope', 'C'],
    ]);
    expect(answer.result).toEqual({
      configurationKey: ['A', 'B', 'C'].map((key) => ({ key, readonly: false, value: '1' })),
      unknownKey: ['Nope'],
    });
  });

  it('400 exceeds-station-limit for an entry larger than the byte limit alone; nothing sent', async () => {
    const { operator, sent } = await setup('ocpp2.0.1', { SetVariables: { bytes: 120 } });
    const problem = await problemOf(
      operator.send({
        stationId: 'CS-1',
        action: 'SetVariables',
        payload: {
          setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '300' }],
        },
      }),
    );
    expect([problem.status, problem.extra.code, problem.extra.limit]).toEqual([
      400,
      'exceeds-station-limit',
      'DeviceDataCtrlr.BytesPerMessage[SetVariables]',
    ]);
    expect(sent).toEqual([]);
  });
});
