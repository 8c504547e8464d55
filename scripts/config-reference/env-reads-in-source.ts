// Finds the environment variables production source reads by name, by pattern rather than by
// running it: `process.env.X`, `env.X` / `env['X']` on an environment object, and EnvReader calls
// with a literal name. The configuration reference spec checks each one is documented.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const NAME = '([A-Z][A-Z0-9_]{3,})';
const READS: readonly RegExp[] = [
  // process.env.X, env.X, options.env?.X, source.X, vars.X
  new RegExp(`\\b(?:process\\.env|\\w*(?:env|Env|source|vars))(?:\\?\\.|\\.)${NAME}\\b`, 'g'),
  // process.env['X'], env["X"]
  new RegExp(`\\b(?:process\\.env|\\w*(?:env|Env|source|vars))\\[\\s*['"\`]${NAME}['"\`]\\s*\\]`, 'g'),
  // reader.int('X', …), env.list<T>('X', …), env.invalid('X', …)
  new RegExp(`\\.(?:string|optionalString|int|bool|oneOf|list|url|invalid)(?:<[^>()]*>)?\\(\\s*['"\`]${NAME}['"\`]`, 'g'),
];

/** The variable names `source` reads, each once, in order of appearance. */
export function envReadsIn(source: string): string[] {
  const found: { name: string; at: number }[] = [];
  for (const pattern of READS) for (const match of source.matchAll(pattern)) found.push({ name: match[1], at: match.index });
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.name))];
}

/**
 * Projects that are not production code: the end-to-end and fault suites, the station simulator
 * (a test tool, reading no environment) and the test library.
 */
export const NOT_PRODUCTION = ['apps/e2e', 'apps/faults', 'apps/simulator', 'libs/testing'];

/** `apps/<name>/src` and `libs/<name>/src` production files (not specs), relative to `root`. */
export function productionSources(root: string): string[] {
  const files: string[] = [];
  for (const area of ['apps', 'libs']) {
    for (const project of readdirSync(join(root, area))) {
      if (NOT_PRODUCTION.includes(`${area}/${project}`)) continue;
      walk(join(root, area, project, 'src'), files);
    }
  }
  return files.map((f) => relative(root, f)).sort();
}

function walk(dir: string, files: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, files);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.int-spec.ts')) files.push(path);
  }
}

/** Every env read of the production sources under `root`: name → files that read it. */
export function productionEnvReads(root: string): Map<string, string[]> {
  const reads = new Map<string, string[]>();
  for (const file of productionSources(root)) {
    for (const name of envReadsIn(readFileSync(join(root, file), 'utf8'))) reads.set(name, [...(reads.get(name) ?? []), file]);
  }
  return reads;
}
