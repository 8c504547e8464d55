import { ConfigError, EnvReader } from './env-reader';

const renamed = { doc: 'How often silent stations are looked for.', deprecated: ['OLD_SWEEP_MS'] };

function reader(vars: Record<string, string>): { env: EnvReader; warnings: string[] } {
  const warnings: string[] = [];
  return { env: new EnvReader(vars, { warn: (message) => warnings.push(message) }), warnings };
}

describe('EnvReader: deprecated names of a renamed variable', () => {
  it('reads the new name and says nothing when only it is set', () => {
    const { env, warnings } = reader({ NEW_SWEEP_MS: '250' });
    expect(env.int('NEW_SWEEP_MS', 30_000, { min: 100 }, renamed)).toBe(250);
    expect(warnings).toEqual([]);
  });

  it('reads the old name when the new one is unset, with one warning naming both', () => {
    const { env, warnings } = reader({ OLD_SWEEP_MS: '400' });
    expect(env.int('NEW_SWEEP_MS', 30_000, { min: 100 }, renamed)).toBe(400);
    expect(env.int('NEW_SWEEP_MS', 30_000, { min: 100 }, renamed)).toBe(400);
    expect(warnings).toEqual(['OLD_SWEEP_MS is deprecated: rename it to NEW_SWEEP_MS (its value is used for now).']);
    expect(() => env.done()).not.toThrow();
  });

  it('prefers the new name when both are set, and warns that the old one is ignored', () => {
    const { env, warnings } = reader({ NEW_SWEEP_MS: '250', OLD_SWEEP_MS: '400' });
    expect(env.int('NEW_SWEEP_MS', 30_000, {}, renamed)).toBe(250);
    expect(warnings).toEqual(['OLD_SWEEP_MS is deprecated and ignored: NEW_SWEEP_MS is set too. Remove OLD_SWEEP_MS.']);
  });

  it('treats an empty old name as unset', () => {
    const { env, warnings } = reader({ OLD_SWEEP_MS: '  ' });
    expect(env.int('NEW_SWEEP_MS', 30_000, {}, renamed)).toBe(30_000);
    expect(warnings).toEqual([]);
  });

  it('names the old name, and the new one, when the value under the old name is bad', () => {
    const { env } = reader({ OLD_SWEEP_MS: '10' });
    env.int('NEW_SWEEP_MS', 30_000, { min: 100 }, renamed);
    let caught: unknown;
    try {
      env.done();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe('OLD_SWEEP_MS');
    expect((caught as Error).message).toBe(
      'Invalid configuration: OLD_SWEEP_MS must be >= 100, got 10 (OLD_SWEEP_MS is the deprecated name of NEW_SWEEP_MS)',
    );
  });

  it('works for every kind of read', () => {
    const { env, warnings } = reader({ O_STR: 'a', O_BOOL: 'yes', O_ONE: 's3', O_LIST: 'x, y', O_URL: 'https://h/', O_OPT: 'v' });
    expect(env.string('N_STR', 'z', { doc: 'd', deprecated: ['O_STR'] })).toBe('a');
    expect(env.bool('N_BOOL', false, { doc: 'd', deprecated: ['O_BOOL'] })).toBe(true);
    expect(env.oneOf('N_ONE', ['local', 's3'], 'local', { doc: 'd', deprecated: ['O_ONE'] })).toBe('s3');
    expect(env.list('N_LIST', [], undefined, { doc: 'd', deprecated: ['O_LIST'] })).toEqual(['x', 'y']);
    expect(env.url('N_URL', undefined, ['https'], { doc: 'd', deprecated: ['O_URL'] })).toBe('https://h/');
    expect(env.optionalString('N_OPT', { doc: 'd', deprecated: ['O_OPT'] })).toBe('v');
    expect(warnings).toHaveLength(6);
    expect(() => env.done()).not.toThrow();
  });

  it('a required variable set only under its old name is satisfied; unset under both, the error names the new name', () => {
    expect(reader({ OLD_URL: 'postgres://h/db' }).env.url('NEW_URL', undefined, ['postgres'], { doc: 'd', deprecated: ['OLD_URL'] })).toBe(
      'postgres://h/db',
    );
    const { env } = reader({});
    env.url('NEW_URL', undefined, ['postgres'], { doc: 'd', deprecated: ['OLD_URL'] });
    expect(() => env.done()).toThrow('Invalid configuration: NEW_URL is required but not set');
  });

  it('by default warns through process.emitWarning, once per process and name, whichever reader reads it', () => {
    const emit = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      for (let i = 0; i < 3; i++) new EnvReader({ OLD_ONCE_S: '5' }).int('NEW_ONCE_S', 1, {}, { doc: 'd', deprecated: ['OLD_ONCE_S'] });
      expect(emit).toHaveBeenCalledTimes(1);
      expect(emit).toHaveBeenCalledWith('OLD_ONCE_S is deprecated: rename it to NEW_ONCE_S (its value is used for now).', {
        type: 'DeprecationWarning',
        code: 'VOLTLANE_DEPRECATED_VARIABLE',
      });
    } finally {
      emit.mockRestore();
    }
  });
});
