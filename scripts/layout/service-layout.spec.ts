// The services are built one way (ADR 0018): this spec holds every apps/*-service to the folder
// vocabulary, the one definition, and the one DI style, so a new service or a drifting one fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const services = readdirSync(join(root, 'apps')).filter((name) => name.endsWith('-service'));
const FOLDERS = new Set(['api', 'application', 'config', 'domain', 'handlers', 'observers', 'messaging', 'persistence', 'migrations']);
const ENTRIES = new Set(['index.ts', 'main.ts', 'migrate.ts', 'instrumentation.ts']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe.each(services)('%s', (service) => {
  const src = join(root, 'apps', service, 'src');
  const name = service.replace(/-service$/, '');

  it('keeps to the folder vocabulary: the layers, the process entries and its definition', () => {
    const misplaced = readdirSync(src).filter((entry) =>
      statSync(join(src, entry)).isDirectory() ? !FOLDERS.has(entry) : !ENTRIES.has(entry) && entry !== `${name}.service.ts`,
    );
    expect(misplaced).toEqual([]);
  });

  it('is defined once with defineService, and its main and migrate command use the definition', () => {
    const definition = readFileSync(join(src, `${name}.service.ts`), 'utf8');
    expect(definition).toMatch(new RegExp(`export const ${name}Service = defineService(<[^(]*>)?\\(`));
    expect(readFileSync(join(src, 'main.ts'), 'utf8')).toMatch(new RegExp(`runServiceProcess\\(\\{\\s*service: ${name}Service`));
    expect(readFileSync(join(src, 'migrate.ts'), 'utf8')).toContain(`runMigrations(${name}Service)`);
  });

  it('wires its classes by plain constructors: NestJS DI only in the HTTP API (src/api)', () => {
    const decorated = filesUnder(src)
      .filter((file) => !file.startsWith(join(src, 'api')) && file.endsWith('.ts'))
      .filter((file) => /@(Injectable|Inject|Module)\(/.test(readFileSync(file, 'utf8')))
      .map((file) => file.slice(root.length + 1));
    expect(decorated).toEqual([]);
  });
});

it('finds the eight services', () => {
  expect(services.sort()).toEqual([
    'billing-service',
    'customer-service',
    'energy-service',
    'metering-service',
    'ocpi-service',
    'report-service',
    'session-service',
    'station-service',
  ]);
});
