import { writeFileSync } from 'node:fs';
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

  const fleet = new Fleet(options, { validator: ocppValidator });
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
    const elapsed = Date.now() - fleet.startedAt;
    const summary = summarize(fleet.stats, options.stations, options.protocol, elapsed);
    fleet.stop().then(
      () => {
        const json = JSON.stringify(summary, null, 2);
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
