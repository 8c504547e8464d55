import { ConfigError } from './env-reader';

/** What a process's main logs with (pino's shape). */
export interface MainLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** The parts of `process` a main uses (a test passes its own). */
export interface MainProcess {
  on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  exit(code: number): never;
  stderr: { write(text: string): unknown };
}

/**
 * A start-up failure: a ConfigError exits 78 (EX_CONFIG) with its message, which names the
 * variable; anything else exits 1 with "<app> failed to start" and the stack.
 */
export function exitOnStartFailure(app: string, error: unknown, proc: MainProcess = process): never {
  if (error instanceof ConfigError) {
    proc.stderr.write(`${error.message}\n`);
    return proc.exit(78);
  }
  proc.stderr.write(`${app} failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return proc.exit(1);
}

/** Runs an app's main, exiting as `exitOnStartFailure` says when it fails. */
export function runMain(app: string, main: () => Promise<void>, proc: MainProcess = process): void {
  main().catch((error: unknown) => exitOnStartFailure(app, error, proc));
}

/**
 * Stops once, on the first SIGTERM or SIGINT: logs `verb` with the signal, runs `stop`, then
 * exits 0, or 1 when stopping failed. Later signals are ignored while it stops.
 */
export function stopOnSignals(logger: MainLogger, stop: () => Promise<void>, verb = 'stopping', proc: MainProcess = process): void {
  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, verb);
    stop().then(
      () => proc.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, `${verb} failed`);
        proc.exit(1);
      },
    );
  };
  proc.on('SIGTERM', () => onSignal('SIGTERM'));
  proc.on('SIGINT', () => onSignal('SIGINT'));
}
