import { OCPP_VERSIONS } from '@voltlane/ocpp';
import { asyncApiDocument, contractCatalog } from './contract-catalog';
import { V1_PROTOCOLS } from './schema-builders';

const examples = contractCatalog.flatMap((c) => c.examples.map((e) => ({ topic: c.topic, contract: c.contract, example: e })));

describe('contract examples', () => {
  it('every topic has at least one example, and its schema is its contract schema (one object, the type source)', () => {
    for (const c of contractCatalog) {
      expect({ topic: c.topic, examples: c.examples.length > 0 }).toEqual({ topic: c.topic, examples: true });
      expect(c.schema).toBe(c.contract.schema);
    }
  });

  it.each(examples.map((e) => [`${e.topic} ${e.example.name}`, e] as const))(
    '%s is valid for its producer (strict) and its consumers',
    (_name, { contract, example }) => {
      expect(contract.outgoing(example.payload)).toBe(example.payload);
      expect(contract.incoming(example.payload)).toBe(example.payload);
      expect(example.key.length).toBeGreaterThan(0);
    },
  );

  it('docs/asyncapi.json carries the examples as message examples of each channel', () => {
    const channels = asyncApiDocument('1')['channels'] as Record<
      string,
      { subscribe: { message: { examples: { name: string; payload: unknown }[] } } }
    >;
    for (const c of contractCatalog) {
      expect(channels[c.topic]?.subscribe.message.examples.map((e) => [e.name, e.payload])).toEqual(
        c.examples.map((e) => [e.name, e.payload]),
      );
    }
  });

  it('the v1 topics name exactly the OCPP versions Voltlane speaks (a new one is a new enum value: see docs/contracts.md)', () => {
    expect([...V1_PROTOCOLS].sort()).toEqual([...OCPP_VERSIONS].sort());
  });
});
