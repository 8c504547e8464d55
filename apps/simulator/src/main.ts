import { createWriteStream, writeFileSync } from 'node:fs';
import { ocppValidator } from '@voltlane/ocpp';
import { ArgsError, USAGE, parseSimulatorArgs, type SimulatorOptions } from './cli/args';
import { Fleet } from './fleet/fleet';
import { TerminalProgress } from './progress/terminal-progress';
import { summarize } from './stats/summary';

function parse(argv: readonly string[]): SimulatorOptions {
  try {
    return parseSimulatorArgs(argv);
  } catch (error) {
    if (error instanceof ArgsError) {
      process.stderr.write(`simulate: ${error.message}\nRun with --help for the options.\n`);
      process.exit(2);
    }
    throw error;
  }
}

function main(): void {
  const options = parse(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  // Compile the schemas the stations will check incoming CALLs against before connecting.
  const versions = options.protocol === 'mixed' ? (['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const) : [options.protocol];
  for (const version of versions) ocppValidator.precompile(version);

  const frameLog = options.frameLog ? createWriteStream(options.frameLog, { flags: 'a' }) : undefined;
  const fleet = new Fleet(options, {
    validator: ocppValidator,
    ...(frameLog
      ? { tap: (direction, station, text) => void frameLog.write(`${Date.now()}\t${direction}\t${station.id}\t${text}\n`) }
      : {}),
  });
  const progress = options.quiet
    ? undefined
    : // Progress goes to stderr so stdout carries only the JSON summary.
      new TerminalProgress(fleet.stats, process.stderr, {
        tty: process.stdout.isTTY === true && process.stderr.isTTY === true,
        intervalS: options.progressIntervalS,
        totalStations: options.stations,
      });
  fleet.start();
  progress?.start();

  let finishing = false;
  const finish = (): void => {
    if (finishing) return;
    finishing = true;
    progress?.stop();
    fleet.stop(options.endSessionsOnExit).then(
      async () => {
        if (frameLog) await new Promise<void>((resolve) => frameLog.end(resolve));
        const json = JSON.stringify(summarize(fleet.stats, options.stations, options.protocol, Date.now() - fleet.startedAt), null, 2);
        process.stdout.write(`${json}\n`);
        if (options.summaryJson) writeFileSync(options.summaryJson, `${json}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`simulate: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  if (options.durationS !== undefined) setTimeout(finish, options.durationS * 1000);
  process.on('SIGINT', finish);
  process.on('SIGTERM', finish);
}

main();
