import { OCPP_VERSIONS } from '../versions/ocpp-version';
import { MessageType, type OcppFrame } from './ocpp-frame';
import { parseFrame } from './parse-frame';
import { serializeFrame } from './serialize-frame';

const frames: ReadonlyArray<{ name: string; frame: OcppFrame; text: string; versions: readonly string[] }> = [
  {
    name: 'CALL',
    frame: { type: MessageType.Call, id: 'c-1', action: 'BootNotification', payload: { reason: 'PowerUp' } },
    text: '[2,"c-1","BootNotification",{"reason":"PowerUp"}]',
    versions: OCPP_VERSIONS,
  },
  {
    name: 'CALLRESULT',
    frame: { type: MessageType.CallResult, id: 'c-1', payload: { status: 'Accepted', nested: { list: [1, 2] } } },
    text: '[3,"c-1",{"status":"Accepted","nested":{"list":[1,2]}}]',
    versions: OCPP_VERSIONS,
  },
  {
    name: 'CALLERROR',
    frame: { type: MessageType.CallError, id: 'c-1', code: 'NotImplemented', description: 'nope', details: {} },
    text: '[4,"c-1","NotImplemented","nope",{}]',
    versions: OCPP_VERSIONS,
  },
  {
    name: 'CALLRESULTERROR',
    frame: {
      type: MessageType.CallResultError,
      id: 'c-2',
      code: 'TypeConstraintViolation',
      description: '/status must be string',
      details: { field: 'status' },
    },
    text: '[5,"c-2","TypeConstraintViolation","/status must be string",{"field":"status"}]',
    versions: ['ocpp2.1'],
  },
  {
    name: 'SEND',
    frame: { type: MessageType.Send, id: 's-1', action: 'NotifyPeriodicEventStream', payload: { id: 1, pending: 0 } },
    text: '[6,"s-1","NotifyPeriodicEventStream",{"id":1,"pending":0}]',
    versions: ['ocpp2.1'],
  },
];

const cases = frames.flatMap((f) => OCPP_VERSIONS.filter((v) => f.versions.includes(v)).map((version) => ({ ...f, version })));

describe('serializeFrame', () => {
  it.each(frames)('$name serializes to the OCPP-J array', ({ frame, text }) => {
    expect(serializeFrame(frame)).toBe(text);
  });

  it.each(cases)('$version: $name round-trips through serializeFrame and parseFrame', ({ version, frame }) => {
    expect(parseFrame(version, serializeFrame(frame))).toEqual({ ok: true, frame });
  });

  it('keeps non-ASCII text intact', () => {
    const frame: OcppFrame = {
      type: MessageType.Call,
      id: '1',
      action: 'DataTransfer',
      payload: { vendorId: 'é', data: 'Grüße 🚗' },
    };
    expect(parseFrame('ocpp1.6', serializeFrame(frame))).toEqual({ ok: true, frame });
  });
});
