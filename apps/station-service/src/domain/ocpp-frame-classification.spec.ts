import { classifyFrame, messageTypeName } from './ocpp-frame-classification';

describe('classifyFrame', () => {
  it.each([
    ['[2,"m-1","Heartbeat",{}]', 2, 'm-1'],
    ['[3,"m-2",{"currentTime":"2026-01-01T00:00:00Z"}]', 3, 'm-2'],
    ['[4,"m-3","NotImplemented","",{}]', 4, 'm-3'],
    ['[5,"m-4","InternalError","",{}]', 5, 'm-4'],
    ['[6,"m-5","NotifyPeriodicEventStream",{}]', 6, 'm-5'],
    ['  [ 2 , "spaced" , "Authorize", {} ] ', 2, 'spaced'],
  ])('reads the message type and id of %s', (text, type, id) => {
    expect(classifyFrame(text)).toEqual({ messageType: type, messageId: id });
  });

  it.each([
    ['not json at all'],
    [''],
    ['{"a":1}'],
    ['"a string"'],
    ['null'],
    ['[]'],
    ['[1,"x"]'],
    ['[7,"x"]'],
    ['[2.5,"x"]'],
    ['["2","x"]'],
    ['[2,"x"'],
  ])('gives no type and no id for garbage: %j', (text) => {
    expect(classifyFrame(text)).toEqual({ messageType: null, messageId: null });
  });

  it('keeps the type but no id when the second element is not a string or too long', () => {
    expect(classifyFrame('[2,42,"Heartbeat",{}]')).toEqual({ messageType: 2, messageId: null });
    expect(classifyFrame('[3]')).toEqual({ messageType: 3, messageId: null });
    expect(classifyFrame(JSON.stringify([2, 'x'.repeat(129), 'Heartbeat', {}]))).toEqual({ messageType: 2, messageId: null });
    expect(classifyFrame(JSON.stringify([2, 'x'.repeat(128), 'Heartbeat', {}])).messageId).toHaveLength(128);
  });

  it('classifies a truncated frame from its beginning, escapes in the id decoded', () => {
    expect(classifyFrame('[2,"m-\\"9","DataTransfer",{"data":"aaaa', true)).toEqual({ messageType: 2, messageId: 'm-"9' });
    expect(classifyFrame('[3,"m-10",{"x":', true)).toEqual({ messageType: 3, messageId: 'm-10' });
    expect(classifyFrame('[2,"m-11', true)).toEqual({ messageType: null, messageId: null });
    expect(classifyFrame('garbage', true)).toEqual({ messageType: null, messageId: null });
    // Not truncated: the same beginning is not taken for a frame.
    expect(classifyFrame('[2,"m-12","DataTransfer",{"data":"aaaa')).toEqual({ messageType: null, messageId: null });
  });

  it('never throws, whatever the text', () => {
    for (const text of ['[', ']', '[2,"\\', '\u0000', '[2,"\\u12"', '[[[[[[[[', '9'.repeat(400)]) {
      expect(() => classifyFrame(text, true)).not.toThrow();
      expect(() => classifyFrame(text, false)).not.toThrow();
    }
  });
});

describe('messageTypeName', () => {
  it('names the OCPP-J message types and nothing else', () => {
    expect([2, 3, 4, 5, 6, 7, 1, null].map(messageTypeName)).toEqual([
      'CALL',
      'CALLRESULT',
      'CALLERROR',
      'CALLRESULTERROR',
      'SEND',
      null,
      null,
      null,
    ]);
  });
});
