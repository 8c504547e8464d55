import { createLogger } from '@voltlane/telemetry';

type Logger = ReturnType<typeof createLogger>;

/**
 * The stack's logs for a failing test's message: with TEST_LOG_LEVEL set, lines go to stdout at
 * that level as before; without it, warnings and errors are kept in memory (the last `keep`
 * lines) instead of being dropped, so that a test can say what the services complained about.
 */
export class LogTail {
  private readonly lines: string[] = [];
  private readonly root: Logger;

  constructor(private readonly keep = 200) {
    const level = process.env.TEST_LOG_LEVEL;
    this.root = level
      ? createLogger('e2e', level)
      : createLogger('e2e', 'warn', {
          write: (line: string) => {
            this.lines.push(line.trimEnd());
            if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
          },
        });
  }

  /** A logger of the stack (children carry `service`, `app` …). */
  get logger(): Logger {
    return this.root;
  }

  /** The last `count` warnings and errors (empty with TEST_LOG_LEVEL set: they went to stdout). */
  last(count = 50): string[] {
    return this.lines.slice(-count);
  }
}
