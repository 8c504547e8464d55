/** What the command-line harnesses (the fault run in apps/faults, the benchmark in bench/) share. */
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/** A log function writing `[<tag> HH:MM:SS] <message>` lines to stderr. */
export function stderrLogger(tag: string): (message: string) => void {
  return (message) => {
    process.stderr.write(`[${tag} ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  };
}

/**
 * Checks every `everyMs` until `check` holds; rejects after `timeoutMs` naming `what`. Unlike
 * waitFor (for tests: quick first checks, errors retried), it keeps one pace and a check that
 * throws ends the wait at once.
 */
export async function pollUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
