export type SettingType = 'int' | 'bool' | 'string' | 'csv';

export interface SettingDefinition {
  value: string;
  type: SettingType;
  readonly?: boolean;
  /** Minimum for ints. */
  min?: number;
  /** For csv settings: the allowed members. */
  allowed?: readonly string[];
}

export type ChangeOutcome = 'Accepted' | 'Rejected' | 'Unknown' | 'ReadOnly';

/**
 * A typed key → value store: the 1.6 configuration keys, and the 2.x device-model variables
 * (keyed `Component.Variable`). Values are strings as on the wire; writes are checked by type.
 */
export class ConfigurationStore {
  private readonly settings = new Map<string, SettingDefinition>();
  private readonly listeners = new Map<string, (value: string) => void>();

  constructor(definitions: Readonly<Record<string, SettingDefinition>>) {
    for (const [key, definition] of Object.entries(definitions)) this.settings.set(key, { ...definition });
  }

  keys(): string[] {
    return [...this.settings.keys()];
  }

  has(key: string): boolean {
    return this.settings.has(key);
  }

  get(key: string): SettingDefinition | undefined {
    return this.settings.get(key);
  }

  value(key: string): string | undefined {
    return this.settings.get(key)?.value;
  }

  int(key: string, fallback: number): number {
    const value = Number(this.value(key));
    return Number.isFinite(value) ? value : fallback;
  }

  bool(key: string): boolean {
    return this.value(key)?.toLowerCase() === 'true';
  }

  /** Called with the new value after every accepted change of `key`. */
  onChange(key: string, listener: (value: string) => void): void {
    this.listeners.set(key, listener);
  }

  /** Sets a value the station itself decided (e.g. the Boot interval); no type check. */
  setInternal(key: string, value: string): void {
    const setting = this.settings.get(key);
    if (setting) setting.value = value;
  }

  change(key: string, value: string): ChangeOutcome {
    const setting = this.settings.get(key);
    if (!setting) return 'Unknown';
    if (setting.readonly) return 'ReadOnly';
    const normalized = normalize(setting, value);
    if (normalized === undefined) return 'Rejected';
    setting.value = normalized;
    this.listeners.get(key)?.(normalized);
    return 'Accepted';
  }
}

function normalize(setting: SettingDefinition, value: string): string | undefined {
  switch (setting.type) {
    case 'int': {
      if (!/^-?\d+$/.test(value.trim())) return undefined;
      const n = Number(value);
      return n < (setting.min ?? 0) ? undefined : String(n);
    }
    case 'bool': {
      const lower = value.trim().toLowerCase();
      return lower === 'true' || lower === 'false' ? lower : undefined;
    }
    case 'csv': {
      const members = value
        .split(',')
        .map((m) => m.trim())
        .filter((m) => m.length > 0);
      if (setting.allowed && members.some((m) => !setting.allowed?.includes(m))) return undefined;
      return members.join(',');
    }
    case 'string':
      return value;
  }
}
