import { ConfigError, EnvReader } from './env-reader';

describe('EnvReader', () => {
  it('returns defaults when nothing is set', () => {
    const env = new EnvReader({});
    expect(env.int('PORT', 9000)).toBe(9000);
    expect(env.bool('FLAG', true)).toBe(true);
    expect(env.list('LIST', ['a'])).toEqual(['a']);
    expect(() => env.done()).not.toThrow();
  });

  it.each([
    ['PORT', 'abc', /PORT must be an integer/],
    ['PORT', '70000', /PORT must be <= 65535/],
    ['PORT', '-1', /PORT must be >= 1/],
  ])('rejects %s=%s', (name, value, message) => {
    const env = new EnvReader({ [name]: value });
    env.int(name, 1, { min: 1, max: 65535 });
    expect(() => env.done()).toThrow(message);
  });

  it('names every bad variable at once', () => {
    const env = new EnvReader({ A: 'x', B: 'maybe', C: 'ocpp9' });
    env.int('A', 1);
    env.bool('B', false);
    env.list('C', ['ocpp1.6'], ['ocpp1.6', 'ocpp2.0.1']);
    let caught: unknown;
    try {
      env.done();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe('A, B, C');
    expect((caught as Error).message).toMatch(/A must be an integer[\s\S]*B must be true or false[\s\S]*C has unknown value\(s\) ocpp9/);
  });

  it('validates URLs by protocol and hides credentials in errors', () => {
    const env = new EnvReader({ DATABASE_URL: 'mysql://user:secret@host/db' });
    env.url('DATABASE_URL', undefined, ['postgres', 'postgresql']);
    expect(() => env.done()).toThrow(/DATABASE_URL must use postgres or postgresql/);
    const missing = new EnvReader({});
    missing.url('DATABASE_URL', undefined, ['postgres']);
    expect(() => missing.done()).toThrow(/DATABASE_URL is required/);
  });

  it('parses oneOf and bool spellings', () => {
    const env = new EnvReader({ MODE: 'b', ON: 'yes', OFF: '0' });
    expect(env.oneOf('MODE', ['a', 'b'] as const, 'a')).toBe('b');
    expect(env.bool('ON', false)).toBe(true);
    expect(env.bool('OFF', true)).toBe(false);
  });
});
