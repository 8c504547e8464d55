import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ProblemError, type OperatorCommands } from '@voltlane/api-kit';
import type { Startable } from '@voltlane/service-kit';
import { commandResultOf, type OcppCall } from '../../domain/command-ocpp';
import { englishText, type CommandResult, type CommandType } from '../../domain/command-requests';
import type { CommandRepository } from '../../persistence/command.repository';
import type { PushOutbox } from '../push-outbox';

/** A command the CPO accepted: what goes to which station, and where its result is reported. */
export interface AcceptedCommand {
  commandId: string;
  partnerId: string;
  command: CommandType;
  responseUrl: string;
  /** OCPI-to-* of the result's POST: the eMSP party that sent the command. */
  to?: { countryCode: string; partyId: string };
  stationId: string;
  call: OcppCall;
}

export interface CommandTimings {
  /** The station's time to answer, ms (CommandResponse.timeout in seconds). */
  timeoutMs: number;
  /** How often the sweep looks for results that were never reported, ms. */
  sweepMs: number;
}

/**
 * Sends accepted commands to their stations through the operator-command path
 * (OperatorCommands.sendForResult: connected, boot status, schema; the result on
 * ocpp.commands.v1, so the session-service links a remote start or a reservation as for its own
 * commands) and reports what the station answered as a CommandResult POSTed to the eMSP's
 * `response_url` through the outbox (object `command:<id>`; retried until the eMSP takes it).
 * The result is recorded and queued in one transaction, once. A command whose result was never
 * recorded (the service stopped while the station had it) is reported TIMEOUT by the sweep, once
 * twice its timeout has passed.
 */
export class CommandExecutor implements Startable {
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRepository,
    private readonly operator: OperatorCommands,
    private readonly outbox: PushOutbox,
    private readonly timings: CommandTimings,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Sends the command and reports its result; does not wait (`idle` does). */
  run(command: AcceptedCommand): void {
    const job = this.execute(command).catch((error: unknown) =>
      this.logger.warn({ err: error, commandId: command.commandId }, 'command result not recorded; the sweep reports it'),
    );
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }

  /** Resolves when every command run so far has been answered and reported (and a sweep in progress is done). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.sweeping) await Promise.allSettled([...this.running, this.sweeping]);
  }

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.timings.sweepMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  /** Reports TIMEOUT for accepted commands whose result was never recorded; resolves with how many. */
  sweep(): Promise<void> {
    if (this.sweeping) return this.sweeping;
    const run = this.sweepOnce()
      .then((count) => {
        if (count > 0) this.logger.info({ count }, 'command results that were never reported: TIMEOUT');
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'command sweep failed'))
      .finally(() => (this.sweeping = undefined));
    this.sweeping = run;
    return run;
  }

  private async sweepOnce(): Promise<number> {
    const before = new Date(this.clock() - 2 * this.timings.timeoutMs);
    return this.dataSource.transaction(async (m) => {
      const stale = await this.commands.unfinished(m, before, 100);
      for (const c of stale) {
        const token = 'token' in c.request ? c.request.token : undefined;
        const result: CommandResult = { result: 'TIMEOUT', message: englishText('No result was received from the charge point in time') };
        await this.commands.complete(m, c.commandId, result.result, textOf(result));
        await this.outbox.enqueue(
          [pushOf({ ...c, ...(token ? { to: { countryCode: token.country_code, partyId: token.party_id } } : {}) }, result)],
          m,
        );
      }
      return stale.length;
    });
  }

  private async execute(command: AcceptedCommand): Promise<void> {
    let result: CommandResult;
    try {
      const answer = await this.operator.sendForResult({
        stationId: command.stationId,
        action: command.call.action,
        payload: command.call.payload,
        timeoutMs: this.timings.timeoutMs,
      });
      result = commandResultOf(command.command, answer);
    } catch (error) {
      // Not sent: the station went offline, its boot status, a payload its version refuses …
      const detail = error instanceof ProblemError ? error.detail : error instanceof Error ? error.message : String(error);
      result = { result: 'FAILED', message: englishText(`The command was not sent to the charge point: ${detail}`) };
    }
    const reported = await this.dataSource.transaction(async (m) => {
      if (!(await this.commands.complete(m, command.commandId, result.result, textOf(result)))) return false;
      await this.outbox.enqueue([pushOf(command, result)], m);
      return true;
    });
    this.logger.info(
      { commandId: command.commandId, command: command.command, stationId: command.stationId, result: result.result, reported },
      'command answered by the charge point',
    );
  }
}

function textOf(result: CommandResult): string | null {
  return result.message?.[0]?.text ?? null;
}

function pushOf(
  command: Pick<AcceptedCommand, 'commandId' | 'partnerId' | 'responseUrl' | 'to'>,
  result: CommandResult,
): Parameters<PushOutbox['enqueue']>[0][number] {
  return {
    partnerId: command.partnerId,
    module: 'commands',
    objectKey: `command:${command.commandId}`,
    method: 'POST',
    url: command.responseUrl,
    ...(command.to ? { to: command.to } : {}),
    body: result,
  };
}
