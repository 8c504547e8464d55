import { LIST_REQUESTS, listRequestOf } from './list-requests';
import { frameBytes, planParts, type RequestPart } from './request-parts';

const variable = (name: string) => ({ component: { name: 'OCPPCommCtrlr' }, variable: { name } });
const getVariables = (n: number) => ({ getVariableData: Array.from({ length: n }, (_, i) => variable(`Var${i}`)) });
const GET_VARIABLES = LIST_REQUESTS.GetVariables;

function partsOf(plan: ReturnType<typeof planParts>): RequestPart[] {
  if (plan.kind !== 'parts') throw new Error(`expected parts, got ${plan.kind}`);
  return plan.parts;
}

describe('planParts: a list request split by the station limits', () => {
  it.each([
    ['no limit known', undefined, 5],
    ['an item limit the list fits', { items: 5 }, 5],
    ['a byte limit the frame fits', { bytes: 10_000 }, 5],
    ['an empty list', { items: 1 }, 0],
  ])('sends the request as given with %s', (_what, limit, n) => {
    expect(planParts('ocpp2.0.1', GET_VARIABLES, getVariables(n), limit)).toEqual({ kind: 'whole' });
  });

  it('TC_B_08: five variables and ItemsPerMessageGetVariables 4 make 4 + 1, in order', () => {
    const payload = getVariables(5);
    const parts = partsOf(planParts('ocpp2.0.1', GET_VARIABLES, payload, { items: 4 }));
    expect(parts.map((p) => [p.first, p.items])).toEqual([
      [0, 4],
      [4, 1],
    ]);
    expect(parts.flatMap((p) => p.payload.getVariableData as unknown[])).toEqual(payload.getVariableData);
    expect(parts[0].bytes).toBe(frameBytes('GetVariables', parts[0].payload));
  });

  it.each([1, 2, 3, 7])('keeps every frame within a byte limit (limit = frame of %i entries)', (fit) => {
    const payload = getVariables(10);
    const limit = frameBytes('GetVariables', getVariables(fit));
    const parts = partsOf(planParts('ocpp2.0.1', GET_VARIABLES, payload, { bytes: limit }));
    for (const part of parts) {
      expect(part.bytes).toBe(frameBytes('GetVariables', part.payload));
      expect(part.bytes).toBeLessThanOrEqual(limit);
    }
    // Greedy: every part but the last is full.
    expect(parts.slice(0, -1).every((p) => p.items === fit)).toBe(true);
    expect(parts.flatMap((p) => p.payload.getVariableData as unknown[])).toEqual(payload.getVariableData);
  });

  it('honours the item and the byte limit together', () => {
    const parts = partsOf(
      planParts('ocpp2.0.1', GET_VARIABLES, getVariables(9), { items: 4, bytes: frameBytes('GetVariables', getVariables(3)) }),
    );
    expect(parts.map((p) => p.items)).toEqual([3, 3, 3]);
  });

  it('counts multi-byte characters as their UTF-8 bytes', () => {
    const payload = { getVariableData: [variable('Ünïcødé'), variable('Ünïcødé')] };
    const one = frameBytes('GetVariables', { getVariableData: [variable('Ünïcødé')] });
    expect(one).toBeGreaterThan(
      JSON.stringify([2, '00000000-0000-0000-0000-000000000000', 'GetVariables', { getVariableData: [variable('Ünïcødé')] }]).length,
    );
    expect(partsOf(planParts('ocpp2.0.1', GET_VARIABLES, payload, { bytes: one })).map((p) => p.items)).toEqual([1, 1]);
  });

  it('refuses an entry that alone exceeds the byte limit, naming the limit', () => {
    const plan = planParts('ocpp2.0.1', GET_VARIABLES, { getVariableData: [variable('A'), variable('B'.repeat(300))] }, { bytes: 200 });
    expect(plan).toMatchObject({ kind: 'too-large', entry: 1, limit: 200, limitName: 'DeviceDataCtrlr.BytesPerMessage[GetVariables]' });
  });

  it('GetReport: each part is a report of its own (requestId, requestId + 1, …)', () => {
    const payload = {
      requestId: 42,
      componentVariable: [{ component: { name: 'A' } }, { component: { name: 'B' } }, { component: { name: 'C' } }],
    };
    const parts = partsOf(planParts('ocpp2.0.1', LIST_REQUESTS.GetReport, payload, { items: 2 }));
    expect(parts.map((p) => [p.payload.requestId, (p.payload.componentVariable as unknown[]).length])).toEqual([
      [42, 2],
      [43, 1],
    ]);
  });

  it.each([
    ['ocpp2.0.1', 'versionNumber'],
    ['ocpp1.6', 'listVersion'],
  ] as const)('SendLocalList (%s): a Full list is a Full part then Differential parts, each with the next version', (protocol, field) => {
    const list = Array.from({ length: 5 }, (_, i) => ({ idTag: `T${i}` }));
    const parts = partsOf(
      planParts(
        protocol,
        listRequestOf(protocol, 'SendLocalList')!,
        { [field]: 7, updateType: 'Full', localAuthorizationList: list },
        { items: 2 },
      ),
    );
    expect(parts.map((p) => [p.payload.updateType, p.payload[field], (p.payload.localAuthorizationList as unknown[]).length])).toEqual([
      ['Full', 7, 2],
      ['Differential', 8, 2],
      ['Differential', 9, 1],
    ]);
  });

  it('measures each part with its own changes (a longer updateType) against the byte limit', () => {
    const entry = { idToken: { idToken: 'X'.repeat(20), type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } };
    const payload = { versionNumber: 9, updateType: 'Full', localAuthorizationList: [entry, entry, entry, entry] };
    const limit = frameBytes('SendLocalList', { ...payload, localAuthorizationList: [entry, entry] });
    const parts = partsOf(planParts('ocpp2.0.1', LIST_REQUESTS.SendLocalList, payload, { bytes: limit }));
    expect(parts.every((p) => p.bytes <= limit && p.bytes === frameBytes('SendLocalList', p.payload))).toBe(true);
    expect(parts.map((p) => p.items)).toEqual([2, 1, 1]);
  });

  it('knows which list requests each version has', () => {
    expect(listRequestOf('ocpp1.6', 'GetConfiguration')?.field).toBe('key');
    expect(listRequestOf('ocpp2.0.1', 'GetConfiguration')).toBeUndefined();
    expect(listRequestOf('ocpp1.6', 'GetVariables')).toBeUndefined();
    expect(listRequestOf('ocpp2.1', 'ClearVariableMonitoring')?.field).toBe('id');
    expect(listRequestOf('ocpp2.0.1', 'Reset')).toBeUndefined();
  });
});
