// Builds docs/configuration.md from the configuration loaders: each component's loaders run on an
// empty environment while EnvReader records every read (name, kind, default, values, description).
import { ConfigError, recordVariableReads, type VariableRead } from '@voltlane/config';
import { COMPONENTS, allInOneAppDefaults, type Component } from './components';

/** One variable as the reference shows it, with the components that read it and their defaults. */
export interface DocumentedVariable {
  read: VariableRead;
  /** Component id → the default that component shows. */
  defaults: Map<string, string>;
}

export interface ConfigurationReference {
  markdown: string;
  /** Every variable read, by name. */
  variables: Map<string, DocumentedVariable>;
  /** Deprecated name → current name. */
  deprecated: Map<string, string>;
  /** What keeps the reference from being complete and consistent (an empty list when it is). */
  problems: string[];
}

export function buildConfigurationReference(components: readonly Component[] = COMPONENTS): ConfigurationReference {
  const problems: string[] = [];
  const variables = new Map<string, DocumentedVariable>();
  for (const component of components) {
    for (const read of componentReads(component, problems)) {
      if (!read.doc.trim()) problems.push(`${read.name} (${component.id}) is read without a description`);
      const known = variables.get(read.name);
      if (!known) {
        variables.set(read.name, { read, defaults: new Map([[component.id, shownDefault(read)]]) });
        continue;
      }
      const difference = differs(known.read, read);
      if (difference)
        problems.push(`${read.name} is read with a different ${difference} by ${component.id} than by ${[...known.defaults.keys()][0]}`);
      if (!known.defaults.has(component.id)) known.defaults.set(component.id, shownDefault(read));
    }
  }
  const deprecated = new Map<string, string>();
  for (const { read } of variables.values()) for (const old of read.deprecated) deprecated.set(old, read.name);
  // The all-in-one's defaults for the apps must be names they read (a typo would be ignored silently).
  const appDefaults = components.some((c) => c.id === 'all-in-one') ? allInOneAppDefaults() : {};
  for (const name of Object.keys(appDefaults)) {
    if (!variables.has(name)) problems.push(`the all-in-one sets ${name}, which no app reads`);
  }
  return { markdown: render(components, variables, deprecated, appDefaults), variables, deprecated, problems };
}

/** Runs a component's loaders on an empty environment; a loader may fail only on its required variables. */
function componentReads(component: Component, problems: string[]): VariableRead[] {
  const reads: VariableRead[] = [];
  for (const load of component.loaders) {
    const recorded = recordVariableReads(() => load({}));
    reads.push(...recorded.reads);
    if (recorded.error === undefined) continue;
    const required = new Set(recorded.reads.filter((r) => r.required).map((r) => r.name));
    const named = recorded.error instanceof ConfigError ? recorded.error.variable.split(', ') : [];
    if (named.length === 0 || named.some((name) => !required.has(name))) {
      problems.push(
        `a loader of ${component.id} fails on an empty environment other than on a required variable: ${recorded.error instanceof Error ? `${recorded.error.name}: ${recorded.error.message}` : JSON.stringify(recorded.error)}`,
      );
    }
  }
  return reads;
}

function differs(a: VariableRead, b: VariableRead): string | undefined {
  if (a.kind !== b.kind) return 'kind';
  if (a.doc !== b.doc) return 'description';
  if (JSON.stringify(a.allowed) !== JSON.stringify(b.allowed) || JSON.stringify(a.range ?? {}) !== JSON.stringify(b.range ?? {}))
    return 'set of values';
  if (JSON.stringify(a.protocols) !== JSON.stringify(b.protocols)) return 'set of URL schemes';
  if (JSON.stringify(a.deprecated) !== JSON.stringify(b.deprecated)) return 'list of deprecated names';
  return undefined;
}

function shownDefault(read: VariableRead): string {
  if (read.defaultText !== undefined) return read.defaultText;
  if (read.required) return '**required**';
  if (read.defaultValue === undefined) return 'unset';
  if (read.defaultValue === '') return 'empty';
  return code(read.defaultValue);
}

function values(read: VariableRead): string {
  const listed = (items: readonly string[]): string => items.map(code).join(', ');
  switch (read.kind) {
    case 'int': {
      const { min, max } = read.range ?? {};
      if (min !== undefined && max !== undefined) return `integer, ${min}–${max}`;
      if (min !== undefined) return `integer ≥ ${min}`;
      return max !== undefined ? `integer ≤ ${max}` : 'integer';
    }
    case 'decimal': {
      const { min, max } = read.range ?? {};
      if (min !== undefined && max !== undefined) return `number, ${min}–${max}`;
      if (min !== undefined) return `number ≥ ${min}`;
      return max !== undefined ? `number ≤ ${max}` : 'number';
    }
    case 'bool':
      return '`true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`)';
    case 'oneOf':
      return listed(read.allowed ?? []);
    case 'list':
      return read.allowed ? `comma-separated, of ${listed(read.allowed)}` : 'comma-separated list';
    case 'url':
      return `${(read.protocols ?? []).map((p) => `\`${p}://\``).join(' or ')} URL`;
    case 'string':
      return 'text';
  }
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** "a", "a and b", "a, b and c". */
function and(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** GitHub's heading anchors. */
function anchor(heading: string): string {
  return `#${heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-')}`;
}

/** "every service, gateway and all-in-one". */
function readersPhrase(readers: readonly string[], components: readonly Component[]): string {
  const services = components.filter((c) => c.service).map((c) => c.id);
  const everyService = services.length > 1 && services.every((s) => readers.includes(s));
  const others = readers.filter((r) => !everyService || !services.includes(r));
  return and([...(everyService ? ['every service'] : []), ...others]);
}

function render(
  components: readonly Component[],
  variables: Map<string, DocumentedVariable>,
  deprecated: Map<string, string>,
  appDefaults: Record<string, string>,
): string {
  const order = components.map((c) => c.id);
  const readersOf = (variable: DocumentedVariable): string[] => order.filter((id) => variable.defaults.has(id));
  // A variable read by one component is in its section; the others in one table of shared variables.
  const shared = [...variables.values()]
    .filter((v) => readersOf(v).length > 1)
    .sort((a, b) => readersOf(b).length - readersOf(a).length || order.indexOf(readersOf(a)[0]) - order.indexOf(readersOf(b)[0]));
  const sharedHeading = 'Shared variables';

  const out: string[] = [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run codegen:config` from the configuration loaders (scripts/config-reference); do not edit by hand. A unit spec fails when it is out of date. -->',
    '',
    'Every Voltlane process is configured through environment variables only, validated once at start-up. A bad value stops',
    'the start with exit code 78 and a message that names the variable; an unset or empty variable takes its default.',
    'Each variable is declared, with its default and meaning, where its loader reads it (`EnvReader` in `libs/config`).',
    '',
    "**Names.** A variable carries the prefix of the component that reads it: `GATEWAY_` (and `OCPP_` for the gateway's station",
    "listener), `API_EDGE_`, the service's own (`STATION_SERVICE_`, `SESSION_SERVICE_`, …; `<SERVICE>_` below), `VOLTLANE_` for the",
    "all-in-one. Settings several components share carry their subsystem's: `KAFKA_`, `REDIS_`, `DATABASE_`, `TOPIC_`, `API_`,",
    "`OCSP_`, `FILES_`, `S3_`, `LOG_`, `OTEL_` (OpenTelemetry's own names). Units are suffixes: `_MS` milliseconds, `_S` seconds,",
    '`_DAYS`, `_BYTES`. A renamed variable is still read under its old name for now, with a warning at start-up that names both',
    `([deprecated names](${anchor('Deprecated names')})).`,
    '',
    '## Contents',
    '',
    ...[...components.map((c) => c.title), sharedHeading, 'Deprecated names', 'Not in this reference'].map((h) => `- [${h}](${anchor(h)})`),
    '',
  ];
  for (const component of components) {
    out.push(`## ${component.title}`, '', component.intro, '');
    const alsoShared = shared.filter((v) => v.defaults.has(component.id)).map((v) => `\`${v.read.name}\``);
    if (alsoShared.length > 0) out.push(`Also reads these [shared variables](${anchor(sharedHeading)}): ${alsoShared.join(', ')}.`, '');
    if (component.id === 'all-in-one') out.push(...appDefaultsTable(appDefaults), '');
    const mine = [...variables.values()].filter((v) => readersOf(v).length === 1 && v.defaults.has(component.id));
    if (mine.length > 0) out.push(...table(mine, (v) => v.defaults.get(component.id) ?? ''), '');
  }
  out.push(`## ${sharedHeading}`, '', 'Read by more than one component (the default, where it differs, per component).', '');
  out.push(
    ...table(
      shared,
      (v) => sharedDefault(v.defaults, readersOf(v), components),
      (v) => readersPhrase(readersOf(v), components),
    ),
    '',
  );
  out.push(
    '## Deprecated names',
    '',
    'Still read when the new name is unset (with a warning at start-up naming both); ignored, with a warning, when both are set.',
    '',
  );
  out.push('| deprecated name | use instead |', '|---|---|');
  for (const [old, current] of [...deprecated.entries()].sort(([a], [b]) => a.localeCompare(b)))
    out.push(`| \`${old}\` | \`${current}\` |`);
  out.push(
    '',
    '## Not in this reference',
    '',
    "- The container image's `HEALTHCHECK_MODE`, `HEALTHCHECK_PORT` and `HEALTHCHECK_PATH`: see the `Dockerfile`.",
    '- Development tools: `deploy/local/infra.sh` (`VOLTLANE_*_PORT`, `VOLTLANE_INFRA_*`), the benchmarks (`BENCH_*`), the fault tests',
    '  (`FAULTS_*`), the test suites (`TEST_LOG_LEVEL`, `FUZZ_*`, `UPDATE_OPENAPI`): see docs/deployment.md, docs/benchmarks.md and docs/development.md.',
    '',
  );
  return out.join('\n');
}

function table(
  variables: DocumentedVariable[],
  defaultOf: (v: DocumentedVariable) => string,
  readBy?: (v: DocumentedVariable) => string,
): string[] {
  const rows = readBy
    ? ['| variable | read by | default | values | meaning |', '|---|---|---|---|---|']
    : ['| variable | default | values | meaning |', '|---|---|---|---|'];
  for (const variable of variables) {
    const { read } = variable;
    const name = `\`${read.name}\`${read.deprecated.length > 0 ? `<br>deprecated: ${read.deprecated.map((d) => `\`${d}\``).join(', ')}` : ''}`;
    const cells = [name, ...(readBy ? [readBy(variable)] : []), defaultOf(variable), values(read), read.doc];
    rows.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  return rows;
}

/** The default most readers have; the others named: "`0.0.0.0` (all-in-one: `127.0.0.1`)". */
function sharedDefault(defaults: Map<string, string>, readers: readonly string[], components: readonly Component[]): string {
  const count = new Map<string, number>();
  for (const id of readers) count.set(defaults.get(id) ?? '', (count.get(defaults.get(id) ?? '') ?? 0) + 1);
  const common = [...count.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const others = readers
    .filter((id) => defaults.get(id) !== common)
    .map((id) => `${readersPhrase([id], components)}: ${defaults.get(id) ?? ''}`);
  return others.length === 0 ? common : `${common} (${others.join('; ')})`;
}

function appDefaultsTable(appDefaults: Record<string, string>): string[] {
  const rows = [
    'The all-in-one gives the apps it runs these defaults (a variable you set wins):',
    '',
    '| variable | all-in-one default |',
    '|---|---|',
  ];
  for (const [name, value] of Object.entries(appDefaults).sort(([a], [b]) => a.localeCompare(b)))
    rows.push(`| \`${name}\` | ${cell(code(value))} |`);
  return rows;
}
