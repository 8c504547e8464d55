/**
 * What a configuration variable is, declared where it is read: EnvReader takes it with each read
 * and, while `recordVariableReads` runs, records every read, so the configuration reference
 * (docs/configuration.md, `npm run codegen:config`) is built from the loaders themselves.
 */
export interface VariableDoc {
  /** What the variable means, in a sentence or two (markdown). */
  doc: string;
  /**
   * Old names of the variable, still read when it is unset; reading one warns once, naming both.
   * The reference lists them as deprecated.
   */
  deprecated?: readonly string[];
  /** The default as the reference shows it, when it is computed (a host name, another variable). */
  defaultText?: string;
}

/** A description, or a description with its deprecated names and shown default. */
export type VariableDescription = string | VariableDoc;

export type VariableKind = 'string' | 'int' | 'decimal' | 'bool' | 'oneOf' | 'list' | 'url';

/** One read of one variable, as recorded. */
export interface VariableRead {
  name: string;
  kind: VariableKind;
  /** No default: start-up fails when it is unset (unless the loader reads it only in some cases). */
  required: boolean;
  /** The default (undefined: none; unset means "not used", or required). */
  defaultValue: string | undefined;
  /** The default as the read describes it (markdown), when it is computed. */
  defaultText?: string;
  /** oneOf: the values; list: the values each item must be one of. */
  allowed?: readonly string[];
  range?: { min?: number; max?: number };
  /** url: the schemes accepted. */
  protocols?: readonly string[];
  /** Empty when the read gave none. */
  doc: string;
  deprecated: readonly string[];
}

let recording: VariableRead[] | undefined;

/** Records a read while `recordVariableReads` runs; does nothing otherwise. */
export function noteVariableRead(read: VariableRead): void {
  recording?.push(read);
}

/**
 * Runs `load` (synchronous: a config loader) and returns every variable it read, in order, with
 * its result or the error it threw (a loader given an empty environment fails on its required
 * variables after reading all of them).
 */
export function recordVariableReads<T>(load: () => T): { reads: VariableRead[]; result?: T; error?: unknown } {
  const previous = recording;
  const reads: VariableRead[] = [];
  recording = reads;
  try {
    return { reads, result: load() };
  } catch (error) {
    return { reads, error };
  } finally {
    recording = previous;
  }
}

export function describeVariable(description: VariableDescription | undefined): VariableDoc {
  if (description === undefined) return { doc: '' };
  return typeof description === 'string' ? { doc: description } : description;
}
