import { cdrIdOf, uuidV5 } from './cdr-id';

describe('CDR ids', () => {
  it.each([
    // RFC 9562 / Python uuid.uuid5(uuid.NAMESPACE_DNS, ...) vectors.
    ['www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '2ed6657d-e927-568b-95e1-2665a8aea6a2'],
    ['python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '886313e1-3b8a-5372-9b90-0c9aee199e5d'],
  ])('uuidV5(%s) in %s is %s', (name, namespace, expected) => {
    expect(uuidV5(name, namespace)).toBe(expected);
  });

  it('derives the same CDR id for the same session, whatever the case of its id', () => {
    const session = '0b8f5a52-2c1d-4f7e-9a3b-6d5e4c3b2a19';
    expect(cdrIdOf(session)).toBe(cdrIdOf(session.toUpperCase()));
    expect(cdrIdOf(session)).not.toBe(cdrIdOf('0b8f5a52-2c1d-4f7e-9a3b-6d5e4c3b2a18'));
    expect(cdrIdOf(session)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
