import { parseSchemaId, schemaFor, schemasOf } from './schema-registry';

describe('schema registry', () => {
  it.each([
    ['ocpp1.6', 39, 39],
    ['ocpp2.0.1', 64, 64],
    ['ocpp2.1', 91, 90],
  ] as const)('%s has %i request and %i response schemas', (version, requests, responses) => {
    const schemas = schemasOf(version);
    expect(schemas.requests.size).toBe(requests);
    expect(schemas.responses.size).toBe(responses);
  });

  it('2.1 NotifyPeriodicEventStream is the only action without a response schema', () => {
    const { requests, responses } = schemasOf('ocpp2.1');
    expect([...requests.keys()].filter((a) => !responses.has(a))).toEqual(['NotifyPeriodicEventStream']);
  });

  it.each([
    ['urn:Authorize.req', { action: 'Authorize', kind: 'request' }],
    ['urn:Authorize.conf', { action: 'Authorize', kind: 'response' }],
    ['urn:RequestStartTransactionRequest', { action: 'RequestStartTransaction', kind: 'request' }],
    ['urn:RequestStartTransactionResponse', { action: 'RequestStartTransaction', kind: 'response' }],
    ['urn:NotifyPeriodicEventStream', { action: 'NotifyPeriodicEventStream', kind: 'request' }],
    ['urn:OCPP:Cp:2:2020:3:AuthorizeRequest', undefined],
    ['Authorize', undefined],
  ])('parseSchemaId(%s)', (id, expected) => {
    expect(parseSchemaId(id)).toEqual(expected);
  });

  describe('1.6 schema quirks the validator relies on', () => {
    it('accepts both "Celcius" (as published) and "Celsius" as a unit', () => {
      const unit = schemaFor('ocpp1.6', 'MeterValues', 'request')?.properties?.['meterValue']?.items?.properties?.['sampledValue']?.items
        ?.properties?.['unit'];
      expect(unit?.enum).toEqual(expect.arrayContaining(['Celcius', 'Celsius']));
    });

    it('has the 2019 errata applied (Boot interval is an integer, StopTransaction reason optional)', () => {
      expect(schemaFor('ocpp1.6', 'BootNotification', 'response')?.properties?.['interval']?.type).toBe('integer');
      expect(schemaFor('ocpp1.6', 'StopTransaction', 'request')?.required).not.toContain('reason');
    });

    it('closes every 1.6 payload with additionalProperties:false', () => {
      const { requests, responses } = schemasOf('ocpp1.6');
      for (const schema of [...requests.values(), ...responses.values()]) {
        expect(schema.additionalProperties).toBe(false);
      }
    });
  });
});
