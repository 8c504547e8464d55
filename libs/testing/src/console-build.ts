/**
 * The operator console's build (dist/console, `npm run build:console`) for specs that serve it:
 * built only when a source is newer than dist/console/index.html (or it is missing), under a lock,
 * so suites running side by side build it once.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { withLock } from './compiled-build';

const ROOT = resolve(__dirname, '../../..');
const SOURCES = [
  'apps/console/src',
  'apps/console/public',
  'apps/console/index.html',
  'apps/console/vite.config.mts',
  'libs/operator-api-client/src',
];

function newestSource(root: string): number {
  let newest = 0;
  for (const source of SOURCES) {
    const path = join(root, source);
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isFile()) newest = Math.max(newest, stat.mtimeMs);
    else
      for (const entry of readdirSync(path, { recursive: true, withFileTypes: true }))
        if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function stale(root: string): boolean {
  const index = join(root, 'dist/console/index.html');
  return !existsSync(index) || statSync(index).mtimeMs < newestSource(root);
}

/** Makes dist/console current (a Vite build when stale); resolves whether it built. */
export async function ensureConsoleBuild(root = ROOT): Promise<{ built: boolean }> {
  if (!stale(root)) return { built: false };
  mkdirSync(join(root, 'tmp'), { recursive: true });
  return withLock(join(root, 'tmp', '.console-build.lock'), async () => {
    if (!stale(root)) return { built: false };
    const vite = join(root, 'node_modules/vite/bin/vite.js');
    await promisify(execFile)(process.execPath, [vite, 'build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`the console build failed: ${error.stderr || error.stdout || error.message}`);
    });
    if (!existsSync(join(root, 'dist/console/index.html'))) throw new Error('the console build wrote no dist/console/index.html');
    return { built: true };
  });
}
