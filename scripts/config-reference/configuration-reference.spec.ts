import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvReader } from '@voltlane/config';
import { buildConfigurationReference } from './configuration-reference';
import { envReadsIn, productionEnvReads } from './env-reads-in-source';

const ROOT = resolve(__dirname, '../..');
const reference = buildConfigurationReference();

describe('the configuration reference (docs/configuration.md)', () => {
  it('is generated from the configuration loaders and up to date (npm run codegen:config)', () => {
    expect(readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8')).toBe(reference.markdown);
  });

  it('describes every variable a loader reads, each the same way wherever it is read', () => {
    expect(reference.problems).toEqual([]);
    expect(reference.variables.size).toBeGreaterThan(100);
  });

  it('documents every variable production source reads by name (apps/*/src, libs/*/src)', () => {
    const reads = productionEnvReads(ROOT);
    expect(reads.size).toBeGreaterThan(50);
    const undocumented = [...reads.entries()]
      .filter(([name]) => !reference.variables.has(name) && !reference.deprecated.has(name))
      .map(([name, files]) => `${name} (${files.join(', ')})`);
    expect(undocumented).toEqual([]);
  });

  it('lists the deprecated names, and no deployment file, script, suite or document uses one any more', () => {
    expect(Object.fromEntries(reference.deprecated)).toEqual({
      STATION_OFFLINE_GRACE_SECONDS: 'STATION_SERVICE_OFFLINE_GRACE_S',
      STATION_OFFLINE_SWEEP_MS: 'STATION_SERVICE_OFFLINE_SWEEP_MS',
      BILLING_COST_UPDATE_INTERVAL_S: 'BILLING_SERVICE_COST_UPDATE_INTERVAL_S',
      FILE_STORE: 'FILES_STORE',
    });
    for (const [old, current] of reference.deprecated) expect(reference.markdown).toContain(`| \`${old}\` | \`${current}\` |`);
    // Not: this generator and the reference, which list them, and the ADRs, which record history.
    const listing = ['scripts/config-reference', 'docs/configuration.md', 'docs/adr'].map((p) => join(ROOT, p));
    const files = ['README.md', 'Dockerfile', 'docs', 'helm', 'deploy', 'scripts', 'bench', 'apps/faults', 'apps/e2e']
      .flatMap((p) => textFiles(join(ROOT, p)))
      .filter((file) => !listing.some((p) => file.startsWith(p)));
    const stale = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...reference.deprecated.keys()]
        .filter((old) => new RegExp(`\\b${old}\\b`).test(text))
        .map((old) => `${old} in ${file.slice(ROOT.length + 1)}`);
    });
    expect(stale).toEqual([]);
  });
});

describe('the checks behind it', () => {
  it('find env reads by name in source text', () => {
    const source = [
      "const a = process.env.FIRST_NAME ?? process.env['SECOND_NAME'];",
      'if (options.env?.THIRD_NAME || source.FOURTH_NAME) {}',
      "reader.int('FIFTH_NAME', 1); env.list<Kind>('SIXTH_NAME', []); env.invalid('SEVENTH_NAME', 'bad');",
      "const notRead = { EIGHTH_NAME: '1' }; config.appEnv; env.string(`${prefix}_FILE`); Math.PI;",
    ].join('\n');
    expect(envReadsIn(source)).toEqual([
      'FIRST_NAME',
      'SECOND_NAME',
      'THIRD_NAME',
      'FOURTH_NAME',
      'FIFTH_NAME',
      'SIXTH_NAME',
      'SEVENTH_NAME',
    ]);
  });

  it('report a variable read without a description, one described two ways, and a loader that fails on something else', () => {
    const { problems } = buildConfigurationReference([
      {
        id: 'one',
        title: 'One',
        intro: '',
        loaders: [(env) => new EnvReader(env).int('UNDESCRIBED_MS', 1), (env) => new EnvReader(env).bool('TWICE_FLAG', true, 'First.')],
      },
      {
        id: 'two',
        title: 'Two',
        intro: '',
        loaders: [(env) => new EnvReader(env).bool('TWICE_FLAG', true, 'Second.'), (): unknown => JSON.parse('{')],
      },
    ]);
    expect([...problems].sort()).toEqual([
      'TWICE_FLAG is read with a different description by two than by one',
      'UNDESCRIBED_MS (one) is read without a description',
      expect.stringMatching(/^a loader of two fails on an empty environment other than on a required variable: SyntaxError/),
    ]);
  });
});

function textFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return [];
  }
  if (stat.isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => !['node_modules', 'dist', 'tmp'].includes(e.name) && !e.name.startsWith('.'))
    .flatMap((e) =>
      e.isDirectory()
        ? textFiles(join(path, e.name))
        : /\.(ts|js|sh|ya?ml|md|json|tpl|txt)$|^Dockerfile$/.test(e.name)
          ? [join(path, e.name)]
          : [],
    );
}
