/**
 * `npm run start:distributed`: the servers (deploy/local/infra.sh) and every app of the
 * distributed deployment as its own process, their output prefixed on stdout. Ctrl-C stops every
 * app; a second Ctrl-C kills them. An app that exits on its own stops the rest (exit 1).
 */
import { ConfigError } from '@voltlane/config';
import { adminKeyStatus } from './admin-key';
import { describeExit, type DistributedEnd } from './app-fleet';
import { APP_NAMES } from './app-plan';
import { banner } from './banner';
import { linePrefixer, wantsColour } from './prefixed-output';
import { DistributedLauncher, StartCancelled } from './start-distributed';

/** A signal this soon after the first is the same Ctrl-C (npm relays it to its script as well). */
const SAME_CTRL_C_MS = 1_000;

const format = linePrefixer({ names: [...APP_NAMES, 'launcher', 'infra'], colour: wantsColour(process.stdout) });
const say = (source: string, text: string): void => void process.stdout.write(`${format(source, text)}\n`);

function fail(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  process.stderr.write(`start:distributed: ${error instanceof Error ? error.message : String(error)}${cause}\n`);
  process.exit(1);
}

let launcher: DistributedLauncher;
try {
  launcher = new DistributedLauncher({ logSink: (line) => say(line.source, line.text) });
} catch (error) {
  fail(error);
}

let firstSignalAt: number | undefined;
let killed = false;
const exitCode = (end: DistributedEnd): number => (killed ? 130 : end.cause === 'stopped' && end.clean ? 0 : 1);

function onSignal(signal: NodeJS.Signals): void {
  if (firstSignalAt === undefined) {
    firstSignalAt = Date.now();
    say('launcher', `${signal}: stopping every app (Ctrl-C again to kill them)`);
    void launcher.stop().then((end) => {
      if (killed) say('launcher', 'every app killed');
      else if (end.cause === 'stopped') say('launcher', end.clean ? 'every app stopped' : 'stopped; not every app exited cleanly');
      process.exit(exitCode(end));
    });
    return;
  }
  if (killed || Date.now() - firstSignalAt < SAME_CTRL_C_MS) return;
  killed = true;
  say('launcher', `${signal} again: killing every app`);
  launcher.kill();
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

launcher.start().then(
  async (running) => {
    const keyStatus = await adminKeyStatus(running.apiUrl, running.adminKey.key).catch(() => undefined);
    process.stdout.write(`${banner(running, keyStatus)}\n`);
    const end = await running.ended;
    if (end.cause === 'app-exited') {
      say('launcher', `stopped because ${end.app} exited on its own (${describeExit(end.exit)})`);
      process.exit(1);
    }
    // stopped by a signal: onSignal exits
  },
  (error: unknown) => {
    if (error instanceof StartCancelled || firstSignalAt !== undefined) return; // onSignal exits
    fail(error);
  },
);
