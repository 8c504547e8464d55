import { type OcppVersion } from '../versions/ocpp-version';
import { MessageType } from './ocpp-frame';
import { parseFrame, type ParseOutcome } from './parse-frame';

/** Expected outcome: a reply `[code, id]`, `'ignore'` (no reply), or `'ok'`. */
type Expect = readonly [code: string, id: string] | 'ignore' | 'ok';

const RPC_FRAMEWORK = {
  'ocpp1.6': ['FormationViolation', '-1'],
  'ocpp2.0.1': ['RpcFrameworkError', '-1'],
  'ocpp2.1': ['RpcFrameworkError', '-1'],
} as const;
const FORMAT = {
  'ocpp1.6': ['FormationViolation', 'm1'],
  'ocpp2.0.1': ['FormatViolation', 'm1'],
  'ocpp2.1': ['FormatViolation', 'm1'],
} as const;
const ALL_IGNORE = { 'ocpp1.6': 'ignore', 'ocpp2.0.1': 'ignore', 'ocpp2.1': 'ignore' } as const;

const ID_36 = 'a'.repeat(36);
const ID_37 = 'a'.repeat(37);

const table: ReadonlyArray<[name: string, text: string, expected: Readonly<Record<OcppVersion, Expect>>]> = [
  ['not JSON', '[2,"m1","Heartbeat",{}', RPC_FRAMEWORK],
  ['empty text', '', RPC_FRAMEWORK],
  ['JSON object, not an array', '{"type":2}', RPC_FRAMEWORK],
  ['JSON string', '"[2]"', RPC_FRAMEWORK],
  ['JSON null', 'null', RPC_FRAMEWORK],
  ['empty array', '[]', RPC_FRAMEWORK],
  ['message type as a string', '["2","m1","Heartbeat",{}]', RPC_FRAMEWORK],
  [
    'unknown message type 7',
    '[7,"m1","Heartbeat",{}]',
    { 'ocpp1.6': 'ignore', 'ocpp2.0.1': ['MessageTypeNotSupported', 'm1'], 'ocpp2.1': 'ignore' },
  ],
  [
    'unknown message type without a readable id',
    '[9]',
    { 'ocpp1.6': 'ignore', 'ocpp2.0.1': ['MessageTypeNotSupported', '-1'], 'ocpp2.1': 'ignore' },
  ],
  [
    'CALLRESULTERROR before 2.1',
    '[5,"m1","GenericError","",{}]',
    { 'ocpp1.6': 'ignore', 'ocpp2.0.1': ['MessageTypeNotSupported', 'm1'], 'ocpp2.1': 'ok' },
  ],
  [
    'SEND before 2.1',
    '[6,"m1","NotifyPeriodicEventStream",{}]',
    { 'ocpp1.6': 'ignore', 'ocpp2.0.1': ['MessageTypeNotSupported', 'm1'], 'ocpp2.1': 'ok' },
  ],
  ['CALL without an id', '[2]', RPC_FRAMEWORK],
  ['CALL with a numeric id', '[2,1,"Heartbeat",{}]', RPC_FRAMEWORK],
  ['CALL with an empty id', '[2,"","Heartbeat",{}]', RPC_FRAMEWORK],
  ['CALL with a 37-character id', `[2,"${ID_37}","Heartbeat",{}]`, RPC_FRAMEWORK],
  ['CALL with a 36-character id', `[2,"${ID_36}","Heartbeat",{}]`, { 'ocpp1.6': 'ok', 'ocpp2.0.1': 'ok', 'ocpp2.1': 'ok' }],
  ['CALL with 3 elements', '[2,"m1","Heartbeat"]', FORMAT],
  ['CALL with 5 elements', '[2,"m1","Heartbeat",{},{}]', FORMAT],
  ['CALL with a numeric action', '[2,"m1",42,{}]', FORMAT],
  ['CALL with an empty action', '[2,"m1","",{}]', FORMAT],
  ['CALL with a null payload', '[2,"m1","Heartbeat",null]', FORMAT],
  ['CALL with an array payload', '[2,"m1","Heartbeat",[]]', FORMAT],
  ['CALL with a string payload', '[2,"m1","Heartbeat","{}"]', FORMAT],
  ['CALLRESULT with a null payload', '[3,"m1",null]', ALL_IGNORE],
  ['CALLRESULT with 4 elements', '[3,"m1",{},{}]', ALL_IGNORE],
  ['CALLRESULT with a 37-character id', `[3,"${ID_37}",{}]`, ALL_IGNORE],
  ['CALLERROR with a numeric code', '[4,"m1",1,"",{}]', ALL_IGNORE],
  ['CALLERROR without a description', '[4,"m1","GenericError"]', ALL_IGNORE],
  ['CALLERROR with array details', '[4,"m1","GenericError","",[]]', ALL_IGNORE],
  ['CALLERROR without details (lenient)', '[4,"m1","GenericError","oops"]', { 'ocpp1.6': 'ok', 'ocpp2.0.1': 'ok', 'ocpp2.1': 'ok' }],
  ['CALLERROR with null details (lenient)', '[4,"m1","GenericError","oops",null]', { 'ocpp1.6': 'ok', 'ocpp2.0.1': 'ok', 'ocpp2.1': 'ok' }],
];

const cases = table.flatMap(([name, text, expected]) =>
  (Object.entries(expected) as [OcppVersion, Expect][]).map(([version, expect]) => ({ name, text, version, expect })),
);

function summarize(outcome: ParseOutcome): Expect {
  if (outcome.ok) return 'ok';
  return outcome.reply === undefined ? 'ignore' : [outcome.reply.code, outcome.reply.id];
}

describe('parseFrame', () => {
  it.each(cases)('$version: $name -> $expect', ({ version, text, expect: expected }) => {
    const outcome = parseFrame(version, text);
    expect(summarize(outcome)).toEqual(expected);
    if (!outcome.ok) expect(outcome.reason.length).toBeGreaterThan(0);
    if (!outcome.ok && outcome.reply) {
      expect(outcome.reply.type).toBe(MessageType.CallError);
      expect(outcome.reply.details).toEqual({});
    }
  });

  it('never echoes the raw input in a reply', () => {
    const outcome = parseFrame('ocpp2.0.1', '[2,"m1","<script>secret</script>",');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(JSON.stringify(outcome.reply)).not.toContain('secret');
  });

  it('reports the id of a malformed CALLRESULT so the pending call can be failed', () => {
    expect(parseFrame('ocpp2.0.1', '[3,"m1",null]')).toMatchObject({ ok: false, id: 'm1' });
  });

  it('reads every field of a CALL', () => {
    expect(parseFrame('ocpp2.0.1', '[2,"m1","Authorize",{"idToken":{"idToken":"A","type":"Local"}}]')).toEqual({
      ok: true,
      frame: {
        type: MessageType.Call,
        id: 'm1',
        action: 'Authorize',
        payload: { idToken: { idToken: 'A', type: 'Local' } },
      },
    });
  });

  it('defaults missing CALLERROR details to {}', () => {
    expect(parseFrame('ocpp1.6', '[4,"m1","FormationViolation","bad"]')).toEqual({
      ok: true,
      frame: { type: MessageType.CallError, id: 'm1', code: 'FormationViolation', description: 'bad', details: {} },
    });
  });

  it.each(['1e999', 'true', '[2,"m1","A",{}]]', '['.repeat(100_000), '\u0000', '[2,"\\ud800","A",{}]'])('never throws (%#)', (text) => {
    expect(() => parseFrame('ocpp2.1', text)).not.toThrow();
  });
});
