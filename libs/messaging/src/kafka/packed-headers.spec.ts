import { PACKED_HEADERS, packHeaders, unpackHeaders } from './packed-headers';

describe('packed headers', () => {
  const headers = { 'ocpp-protocol': 'ocpp1.6', 'ocpp-action': 'Heartbeat', 'ocpp-message-id': 'm"1\\', traceparent: '00-ab-cd-01' };

  it('sends every header in one Kafka header and reads them back by name', () => {
    const wire = packHeaders(headers);
    expect(Object.keys(wire)).toEqual([PACKED_HEADERS]);
    expect(unpackHeaders(wire)).toEqual(headers);
  });

  it('leaves records without a packed header as they are', () => {
    expect(unpackHeaders(headers)).toBe(headers);
  });

  it('lets a header sent on its own win over a packed one of the same name', () => {
    expect(unpackHeaders({ ...packHeaders(headers), 'ocpp-action': 'MeterValues' })['ocpp-action']).toBe('MeterValues');
  });

  it('keeps a malformed packed value as it came and drops non-string members', () => {
    expect(unpackHeaders({ [PACKED_HEADERS]: 'not json' })).toEqual({ [PACKED_HEADERS]: 'not json' });
    expect(unpackHeaders({ [PACKED_HEADERS]: '[1,2]' })).toEqual({ [PACKED_HEADERS]: '[1,2]' });
    expect(unpackHeaders({ [PACKED_HEADERS]: '{"a":"x","b":1}' })).toEqual({ a: 'x' });
  });
});
