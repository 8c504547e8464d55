import {
  describeVariable,
  noteVariableRead,
  type VariableDescription,
  type VariableDoc,
  type VariableKind,
  type VariableRead,
} from './variable-registry';

/**
 * Reads and validates configuration from environment variables. Every failure names the
 * variable, so a bad deployment fails at start-up with a message an operator can act on.
 * Every read takes the variable's description (and its deprecated names, if it was renamed):
 * the configuration reference is generated from them (see variable-registry.ts).
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface EnvReaderOptions {
  /** Where a deprecated name's warning goes; default: a Node DeprecationWarning, once per process and name. */
  warn?: (message: string) => void;
}

export type IntRange = { min?: number; max?: number };

const warnedInProcess = new Set<string>();

function processWarning(message: string): void {
  process.emitWarning(message, { type: 'DeprecationWarning', code: 'VOLTLANE_DEPRECATED_VARIABLE' });
}

/** A value found in the environment, under the variable's name or one of its deprecated names. */
interface Found {
  value: string;
  /** The name it was set under. */
  setAs: string;
  /** The current name, when `setAs` is a deprecated one. */
  renamedTo?: string;
}

export class EnvReader {
  private readonly errors: ConfigError[] = [];
  private readonly warn: (message: string) => void;
  private readonly warned: Set<string>;

  constructor(
    private readonly env: Env = process.env,
    options: EnvReaderOptions = {},
  ) {
    this.warn = options.warn ?? processWarning;
    this.warned = options.warn ? new Set() : warnedInProcess;
  }

  string(name: string, fallback?: string, description?: VariableDescription): string {
    const doc = this.note(name, 'string', description, { required: fallback === undefined, defaultValue: fallback });
    const found = this.raw(name, doc);
    if (found !== undefined) return found.value;
    if (fallback !== undefined) return fallback;
    return this.fail(name, 'is required but not set', '');
  }

  optionalString(name: string, description?: VariableDescription): string | undefined {
    const doc = this.note(name, 'string', description, { required: false, defaultValue: undefined });
    return this.raw(name, doc)?.value;
  }

  int(name: string, fallback: number, range: IntRange = {}, description?: VariableDescription): number {
    const doc = this.note(name, 'int', description, { required: false, defaultValue: String(fallback), range });
    const found = this.raw(name, doc);
    if (found === undefined) return fallback;
    const raw = found.value;
    if (!/^-?\d+$/.test(raw)) return this.failFound(found, `must be an integer, got "${raw}"`, fallback);
    const value = Number(raw);
    if (range.min !== undefined && value < range.min) return this.failFound(found, `must be >= ${range.min}, got ${value}`, fallback);
    if (range.max !== undefined && value > range.max) return this.failFound(found, `must be <= ${range.max}, got ${value}`, fallback);
    return value;
  }

  /** A decimal number (e.g. `0.5`, `16`), within `range` when given. */
  decimal(name: string, fallback: number, range: IntRange = {}, description?: VariableDescription): number {
    const doc = this.note(name, 'decimal', description, { required: false, defaultValue: String(fallback), range });
    const found = this.raw(name, doc);
    if (found === undefined) return fallback;
    const raw = found.value;
    if (!/^-?\d+(\.\d+)?$/.test(raw)) return this.failFound(found, `must be a decimal number, got "${raw}"`, fallback);
    const value = Number(raw);
    if (range.min !== undefined && value < range.min) return this.failFound(found, `must be >= ${range.min}, got ${value}`, fallback);
    if (range.max !== undefined && value > range.max) return this.failFound(found, `must be <= ${range.max}, got ${value}`, fallback);
    return value;
  }

  bool(name: string, fallback: boolean, description?: VariableDescription): boolean {
    const doc = this.note(name, 'bool', description, { required: false, defaultValue: String(fallback) });
    const found = this.raw(name, doc);
    if (found === undefined) return fallback;
    const lowered = found.value.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lowered)) return true;
    if (['0', 'false', 'no', 'off'].includes(lowered)) return false;
    return this.failFound(found, `must be true or false, got "${found.value}"`, fallback);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T, description?: VariableDescription): T {
    const doc = this.note(name, 'oneOf', description, { required: false, defaultValue: fallback, allowed });
    const found = this.raw(name, doc);
    if (found === undefined) return fallback;
    if ((allowed as readonly string[]).includes(found.value)) return found.value as T;
    return this.failFound(found, `must be one of ${allowed.join(', ')}, got "${found.value}"`, fallback);
  }

  /** One of `allowed`, or undefined when unset (no default). */
  optionalOneOf<T extends string>(name: string, allowed: readonly T[], description?: VariableDescription): T | undefined {
    const doc = this.note(name, 'oneOf', description, { required: false, defaultValue: undefined, allowed });
    const found = this.raw(name, doc);
    if (found === undefined) return undefined;
    if ((allowed as readonly string[]).includes(found.value)) return found.value as T;
    return this.failFound(found, `must be one of ${allowed.join(', ')}, got "${found.value}"`, undefined);
  }

  /** Comma-separated list; each item checked against `allowed` when given. */
  list<T extends string = string>(name: string, fallback: readonly T[], allowed?: readonly T[], description?: VariableDescription): T[] {
    const doc = this.note(name, 'list', description, {
      required: false,
      defaultValue: fallback.length > 0 ? fallback.join(',') : undefined,
      ...(allowed ? { allowed } : {}),
    });
    const found = this.raw(name, doc);
    if (found === undefined) return [...fallback];
    const items = found.value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (items.length === 0) return this.failFound(found, 'must list at least one value', [...fallback]);
    if (allowed) {
      const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
      if (bad.length > 0)
        return this.failFound(found, `has unknown value(s) ${bad.join(', ')}; allowed: ${allowed.join(', ')}`, [...fallback]);
    }
    return items as T[];
  }

  /** A URL with one of `protocols`; `fallback` undefined: required; `''`: optional (returns '' when unset). */
  url(name: string, fallback: string | undefined, protocols: readonly string[], description?: VariableDescription): string {
    const doc = this.note(name, 'url', description, {
      required: fallback === undefined,
      defaultValue: fallback === '' ? undefined : fallback,
      protocols,
    });
    const found = this.raw(name, doc);
    if (found === undefined) return fallback ?? this.fail(name, 'is required but not set', '');
    const value = found.value;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return this.failFound(found, `must be a URL, got "${redact(value)}"`, value);
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
      return this.failFound(found, `must use ${protocols.join(' or ')}://, got "${parsed.protocol}//"`, value);
    }
    return value;
  }

  /** Whether `name` is set (not empty), valid or not: for rules a reader checks itself. */
  isSet(name: string): boolean {
    return this.value(name) !== undefined;
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

  private note(
    name: string,
    kind: VariableKind,
    description: VariableDescription | undefined,
    shape: Pick<VariableRead, 'required' | 'defaultValue' | 'allowed' | 'range' | 'protocols'>,
  ): VariableDoc {
    const doc = describeVariable(description);
    noteVariableRead({
      name,
      kind,
      ...shape,
      ...(doc.defaultText !== undefined ? { defaultText: doc.defaultText } : {}),
      doc: doc.doc,
      deprecated: doc.deprecated ?? [],
    });
    return doc;
  }

  /** The trimmed value of `name`, else of its first deprecated name that is set (warning once). */
  private raw(name: string, doc: VariableDoc): Found | undefined {
    const value = this.value(name);
    for (const old of doc.deprecated ?? []) {
      const oldValue = this.value(old);
      if (oldValue === undefined) continue;
      if (value !== undefined) {
        this.warnOnce(old, `${old} is deprecated and ignored: ${name} is set too. Remove ${old}.`);
        continue;
      }
      this.warnOnce(old, `${old} is deprecated: rename it to ${name} (its value is used for now).`);
      return { value: oldValue, setAs: old, renamedTo: name };
    }
    return value === undefined ? undefined : { value, setAs: name };
  }

  private value(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  private warnOnce(old: string, message: string): void {
    if (this.warned.has(old)) return;
    this.warned.add(old);
    this.warn(message);
  }

  private failFound<T>(found: Found, message: string, placeholder: T): T {
    return this.fail(
      found.setAs,
      found.renamedTo ? `${message} (${found.setAs} is the deprecated name of ${found.renamedTo})` : message,
      placeholder,
    );
  }

  private fail<T>(name: string, message: string, placeholder: T): T {
    this.errors.push(new ConfigError(name, message));
    return placeholder;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
