import { ConfigError, EnvReader } from './env-reader';
import { recordVariableReads } from './variable-registry';

describe('recordVariableReads', () => {
  it('records every read of a loader: name, kind, default, allowed values, range, description, deprecated names', () => {
    const { reads, result } = recordVariableReads(() => {
      const env = new EnvReader({ SET_ONE: '7' });
      const value = {
        port: env.int('SET_ONE', 9000, { min: 0, max: 65535 }, 'Port.'),
        mode: env.oneOf('MODE', ['a', 'b'], 'a', { doc: 'Mode.', deprecated: ['OLD_MODE'] }),
        hosts: env.list('HOSTS', ['h1', 'h2'], undefined, 'Hosts.'),
        url: env.url('SOME_URL', '', ['http', 'https'], { doc: 'A URL.', defaultText: 'the request origin' }),
        id: env.optionalString('UNDESCRIBED'),
      };
      env.done();
      return value;
    });
    expect(result).toEqual({ port: 7, mode: 'a', hosts: ['h1', 'h2'], url: '', id: undefined });
    expect(reads).toEqual([
      { name: 'SET_ONE', kind: 'int', required: false, defaultValue: '9000', range: { min: 0, max: 65535 }, doc: 'Port.', deprecated: [] },
      { name: 'MODE', kind: 'oneOf', required: false, defaultValue: 'a', allowed: ['a', 'b'], doc: 'Mode.', deprecated: ['OLD_MODE'] },
      { name: 'HOSTS', kind: 'list', required: false, defaultValue: 'h1,h2', doc: 'Hosts.', deprecated: [] },
      {
        name: 'SOME_URL',
        kind: 'url',
        required: false,
        defaultValue: undefined,
        defaultText: 'the request origin',
        protocols: ['http', 'https'],
        doc: 'A URL.',
        deprecated: [],
      },
      { name: 'UNDESCRIBED', kind: 'string', required: false, defaultValue: undefined, doc: '', deprecated: [] },
    ]);
  });

  it('keeps the reads of a loader that fails, and its error', () => {
    const { reads, error } = recordVariableReads(() => {
      const env = new EnvReader({});
      env.string('NEEDED', undefined, 'Needed.');
      env.bool('FLAG', true, 'Flag.');
      env.done();
    });
    expect(error).toBeInstanceOf(ConfigError);
    expect(reads.map((r) => [r.name, r.required])).toEqual([
      ['NEEDED', true],
      ['FLAG', false],
    ]);
  });

  it('records nothing outside a recording', () => {
    new EnvReader({}).int('OUTSIDE', 1, {}, 'Outside.');
    expect(recordVariableReads(() => undefined).reads).toEqual([]);
  });
});
