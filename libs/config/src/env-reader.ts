/**
 * Reads and validates configuration from environment variables. Every failure names the
 * variable, so a bad deployment fails at start-up with a message an operator can act on.
 */
export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

export class EnvReader {
  private readonly errors: ConfigError[] = [];

  constructor(private readonly env: Env = process.env) {}

  string(name: string, fallback?: string): string {
    const raw = this.raw(name);
    if (raw !== undefined) return raw;
    if (fallback !== undefined) return fallback;
    return this.fail(name, 'is required but not set', '');
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw)) return this.fail(name, `must be an integer, got "${raw}"`, fallback);
    const value = Number(raw);
    if (range.min !== undefined && value < range.min) return this.fail(name, `must be >= ${range.min}, got ${value}`, fallback);
    if (range.max !== undefined && value > range.max) return this.fail(name, `must be <= ${range.max}, got ${value}`, fallback);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const lowered = raw.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lowered)) return true;
    if (['0', 'false', 'no', 'off'].includes(lowered)) return false;
    return this.fail(name, `must be true or false, got "${raw}"`, fallback);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    return this.fail(name, `must be one of ${allowed.join(', ')}, got "${raw}"`, fallback);
  }

  /** Comma-separated list; each item checked against `allowed` when given. */
  list<T extends string = string>(name: string, fallback: readonly T[], allowed?: readonly T[]): T[] {
    const raw = this.raw(name);
    if (raw === undefined) return [...fallback];
    const items = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    if (items.length === 0) return this.fail(name, 'must list at least one value', [...fallback]);
    if (allowed) {
      const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
      if (bad.length > 0) return this.fail(name, `has unknown value(s) ${bad.join(', ')}; allowed: ${allowed.join(', ')}`, [...fallback]);
    }
    return items as T[];
  }

  url(name: string, fallback: string | undefined, protocols: readonly string[]): string {
    const value = fallback === undefined ? this.string(name) : this.string(name, fallback);
    if (value === '') return value;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return this.fail(name, `must be a URL, got "${redact(value)}"`, value);
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
      return this.fail(name, `must use ${protocols.join(' or ')}://, got "${parsed.protocol}//"`, value);
    }
    return value;
  }

  /** Records a rule a reader checks itself (e.g. two variables that must agree); reported by `done()`. */
  invalid(name: string, message: string): void {
    this.fail(name, message, undefined);
  }

  /** Throws one error listing every invalid variable; call once after reading everything. */
  done(): void {
    if (this.errors.length === 1) throw this.errors[0];
    if (this.errors.length > 1) {
      const error = new ConfigError(this.errors.map((e) => e.variable).join(', '), '');
      error.message = this.errors.map((e) => e.message).join('\n');
      throw error;
    }
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  private fail<T>(name: string, message: string, placeholder: T): T {
    this.errors.push(new ConfigError(name, message));
    return placeholder;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
