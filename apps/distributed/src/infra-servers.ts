/**
 * The servers of the distributed mode: those the environment names, or those that
 * `deploy/local/infra.sh up` starts (it starts only what is not running, and prints their env).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Env } from '@voltlane/config';
import { LineSplitter } from '@voltlane/process-kit';

/** With all three set, the launcher uses those servers and does not run infra.sh. */
export const SERVER_VARIABLES = ['KAFKA_BROKERS', 'REDIS_URL', 'DATABASE_URL'] as const;

export interface Servers {
  /** The variables infra.sh printed (empty when the environment named the servers). */
  env: Record<string, string>;
  /** Whether `infra.sh up` was run. */
  ranInfraSh: boolean;
}

export function namesServers(env: Env): boolean {
  return SERVER_VARIABLES.every((name) => (env[name] ?? '') !== '');
}

/** `export NAME=value` lines (as infra.sh prints them; a value may be quoted) → variables. */
export function parseExports(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*export\s+([A-Za-z_][A-Za-z0-9_]*)=(.*?)\s*$/.exec(line);
    if (!match) continue;
    const raw = match[2];
    const quoted = /^'(.*)'$/.exec(raw) ?? /^"(.*)"$/.exec(raw);
    found[match[1]] = quoted ? quoted[1] : raw;
  }
  return found;
}

/** The servers to use: `env`'s, or infra.sh's (its progress lines go to `log`). */
export async function ensureServers(env: Env, root: string, log: (line: string) => void): Promise<Servers> {
  if (namesServers(env)) return { env: {}, ranInfraSh: false };
  const script = resolve(root, 'deploy/local/infra.sh');
  log(`${SERVER_VARIABLES.join(', ')} not all set: running ${script} up (starts Kafka, Redis and PostgreSQL unless they run)`);
  const child = spawn('bash', [script, 'up'], { cwd: root, env: { ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const progress = new LineSplitter(log);
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => progress.push(chunk));
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('close', (exitCode) => done(exitCode));
  });
  progress.end();
  if (code !== 0) throw new Error(`${script} up failed (exit ${code}); its messages are above`);
  const printed = parseExports(stdout);
  const missing = SERVER_VARIABLES.filter((name) => !printed[name]);
  if (missing.length > 0) throw new Error(`${script} up did not print ${missing.join(', ')}`);
  return { env: printed, ranInfraSh: true };
}
