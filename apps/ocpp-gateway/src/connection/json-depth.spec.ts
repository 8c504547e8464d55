import { jsonDepthExceeds, tooDeepReply } from './json-depth';

describe('jsonDepthExceeds', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonDepthExceeds('[2,"a","X",{"b":[1,[2]]}]', 4)).toBe(false);
    expect(jsonDepthExceeds('[2,"a","X",{"b":[1,[2]]}]', 3)).toBe(true);
    expect(jsonDepthExceeds(`[2,"a","X",{"s":"${'['.repeat(500)}\\"${'{'.repeat(500)}"}]`, 3)).toBe(false);
  });

  it('handles 10^6 levels without recursion', () => {
    const n = 1_000_000;
    expect(jsonDepthExceeds('['.repeat(n) + ']'.repeat(n), 64)).toBe(true);
  });
});

describe('tooDeepReply', () => {
  it('answers a CALL with its id and the version spelling of the format error', () => {
    expect(tooDeepReply('ocpp2.0.1', '[2,"m1","DataTransfer",{"data":[[[[]]]]}]', 3)).toMatchObject({ id: 'm1', code: 'FormatViolation' });
    expect(tooDeepReply('ocpp1.6', '[2,"m1","DataTransfer",{"data":[[[[]]]]}]', 3)).toMatchObject({ id: 'm1', code: 'FormationViolation' });
    expect(tooDeepReply('ocpp2.1', '[[[[[[', 3)).toMatchObject({ id: '-1' });
  });
});
