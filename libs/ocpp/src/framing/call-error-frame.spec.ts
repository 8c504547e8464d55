import { callErrorFrame, callResultErrorFrame, truncateText } from './call-error-frame';
import { MessageType } from './ocpp-frame';

describe('callErrorFrame', () => {
  it('spells the code for the version', () => {
    expect(callErrorFrame('ocpp1.6', 'a', 'FormatViolation', 'bad')).toEqual({
      type: MessageType.CallError,
      id: 'a',
      code: 'FormationViolation',
      description: 'bad',
      details: {},
    });
    expect(callErrorFrame('ocpp2.0.1', 'a', 'FormatViolation', 'bad').code).toBe('FormatViolation');
  });

  it('truncates the description to 255 characters', () => {
    expect(callErrorFrame('ocpp2.1', 'a', 'GenericError', 'x'.repeat(300)).description).toHaveLength(255);
  });

  it('keeps the details it is given', () => {
    expect(callErrorFrame('ocpp2.1', 'a', 'GenericError', '', { field: 'x' }).details).toEqual({ field: 'x' });
  });

  it('gives each frame its own empty details object', () => {
    const a = callErrorFrame('ocpp2.1', 'a', 'GenericError', '');
    const b = callErrorFrame('ocpp2.1', 'b', 'GenericError', '');
    expect(a.details).not.toBe(b.details);
  });

  it('builds a 2.1 CALLRESULTERROR', () => {
    expect(callResultErrorFrame('r', 'TypeConstraintViolation', 'bad')).toEqual({
      type: MessageType.CallResultError,
      id: 'r',
      code: 'TypeConstraintViolation',
      description: 'bad',
      details: {},
    });
  });
});

describe('truncateText', () => {
  it.each([
    ['short', 10, 'short'],
    ['abcdef', 3, 'abc'],
    ['ab🚗', 3, 'ab'],
    ['ab🚗', 4, 'ab🚗'],
  ])('truncateText(%j, %i) -> %j', (text, max, expected) => {
    expect(truncateText(text, max)).toBe(expected);
  });
});
