/**
 * The compiled build (dist/, `npm run build`) for specs that run the apps as OS processes, as
 * `node -r scripts/register-paths.js dist/apps/<app>/src/main.js`. It is compiled only when a
 * source file is newer than its output (or has none), under a lock, so suites running side by
 * side compile it once and never read it while it is being written.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../../..');
const LOCK_STALE_MS = 5 * 60_000;

/** What tsconfig.build.json leaves out of apps/*\/src and libs/*\/src. */
function excluded(path: string): boolean {
  return (
    /\.(spec|int-spec|medium-spec)\.ts$/.test(path) ||
    path.includes('/test/') ||
    path.startsWith('apps/e2e/') ||
    path.startsWith('libs/testing/') ||
    path.startsWith('apps/console/') ||
    path.endsWith('.d.ts')
  );
}

function sources(root: string): string[] {
  const found: string[] = [];
  for (const area of ['apps', 'libs'])
    for (const project of readdirSync(join(root, area))) {
      const src = join(root, area, project, 'src');
      if (!existsSync(src)) continue;
      for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
        const path = join(entry.parentPath, entry.name);
        if (entry.isFile() && entry.name.endsWith('.ts') && !excluded(relative(root, path))) found.push(path);
      }
    }
  return found;
}

/**
 * Source files whose compiled output is older than they are, or missing (`missingOnly`), relative
 * to `root`.
 */
export function staleSources(root = ROOT, dist = join(root, 'dist'), missingOnly = false): string[] {
  return sources(root)
    .filter((source) => {
      const output = join(dist, relative(root, source)).replace(/\.ts$/, '.js');
      try {
        return !missingOnly && statSync(output).mtimeMs < statSync(source).mtimeMs;
      } catch {
        return true;
      }
    })
    .map((source) => relative(root, source));
}

/** Runs `work` holding a lock directory (taken over when older than 5 minutes: its holder died). */
export async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Makes dist/ current: compiles (`tsc -p tsconfig.build.json`) when a source is newer than its
 * output. Type errors do not stop it (tsc emits anyway; the typecheck reports them); an output
 * still missing afterwards does. Resolves whether it compiled.
 */
export async function ensureCompiledBuild(root = ROOT): Promise<{ compiled: boolean }> {
  if (staleSources(root).length === 0) return { compiled: false };
  mkdirSync(join(root, 'tmp'), { recursive: true });
  return withLock(join(root, 'tmp', '.build.lock'), async () => {
    if (staleSources(root).length === 0) return { compiled: false }; // compiled by the lock's holder
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    // A second run when a source appeared while tsc ran (a shared checkout under edit).
    for (let attempt = 1; ; attempt++) {
      let output = '';
      await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }).catch(
        (error: Error & { stdout?: string }) => (output = error.stdout || error.message),
      );
      // (a source edited while tsc ran is older than its output again: only a missing output counts)
      const missing = staleSources(root, join(root, 'dist'), true);
      if (missing.length === 0) break;
      if (attempt === 2)
        throw new Error(`tsc -p tsconfig.build.json left ${missing.length} outputs missing (${missing[0]}, …):\n${output}`);
    }
    return { compiled: true };
  });
}
