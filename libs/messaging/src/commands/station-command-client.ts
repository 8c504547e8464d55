import { randomUUID } from 'node:crypto';
import { parseCommandResultEnvelope, replyChannelOf, type CommandResultEnvelope, type StationCommandEnvelope } from '@voltlane/contracts';
import { currentTraceparent } from '@voltlane/telemetry';
import type { ConnectionRegistry } from '../ports/connection-registry.port';
import type { ReplyChannel } from '../ports/reply-channel.port';

/**
 * Sends CSMS-initiated calls to stations from any service instance: finds the gateway that holds
 * the station in the registry, sends the command on that gateway's channel, and waits for the
 * result on this instance's own channel. Stateless apart from the calls it is waiting for.
 */
export class StationCommandClient {
  private readonly waiting = new Map<string, { resolve: (r: CommandResultEnvelope) => void; timer: NodeJS.Timeout }>();
  private listening: { close(): Promise<void> } | undefined;
  readonly replyTo: string;

  /**
   * @param resultSink sees every command and its outcome (the services publish them on
   * `ocpp.commands.v1` so that the owner of an action applies its result).
   */
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly channel: ReplyChannel,
    instanceId: string,
    private readonly resultSink?: (result: CommandResultEnvelope, sentAt: Date) => Promise<void>,
  ) {
    this.replyTo = replyChannelOf(`svc:${instanceId}`);
  }

  async start(): Promise<void> {
    this.listening ??= await this.channel.listen(this.replyTo, (message) => this.onResult(message));
  }

  async send(
    stationId: string,
    action: string,
    payload: Record<string, unknown>,
    options: { timeoutMs?: number; traceparent?: string } = {},
  ): Promise<CommandResultEnvelope> {
    const sentAt = new Date();
    // Continue the caller's trace (the operator's HTTP request) unless one is given.
    const traceparent = options.traceparent ?? currentTraceparent();
    const result = await this.exchange(stationId, action, payload, { ...options, ...(traceparent ? { traceparent } : {}) });
    if (this.resultSink) await this.resultSink(result, sentAt);
    return result;
  }

  private async exchange(
    stationId: string,
    action: string,
    payload: Record<string, unknown>,
    options: { timeoutMs?: number; traceparent?: string } = {},
  ): Promise<CommandResultEnvelope> {
    await this.start();
    const timeoutMs = options.timeoutMs ?? 30_000;
    const request = { action, payload };
    const entry = await this.registry.lookup(stationId);
    const correlationId = randomUUID();
    if (!entry) {
      return { kind: 'command-result', correlationId, stationId, outcome: 'offline', reason: 'station is not connected', request };
    }
    const command: StationCommandEnvelope = {
      kind: 'command',
      correlationId,
      stationId,
      action,
      payload,
      replyTo: this.replyTo,
      timeoutMs,
      ...(options.traceparent ? { traceparent: options.traceparent } : {}),
    };
    return new Promise<CommandResultEnvelope>((resolve, reject) => {
      // The gateway answers `timeout` itself; this guard covers a gateway that died meanwhile.
      const timer = setTimeout(() => {
        this.waiting.delete(correlationId);
        resolve({
          kind: 'command-result',
          correlationId,
          stationId,
          outcome: 'timeout',
          protocol: entry.protocol,
          reason: 'no result from the gateway',
          request,
        });
      }, timeoutMs + 2_000);
      this.waiting.set(correlationId, { resolve, timer });
      this.channel.send(replyChannelOf(entry.gatewayInstance), JSON.stringify(command)).catch((error: unknown) => {
        clearTimeout(timer);
        this.waiting.delete(correlationId);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  async close(): Promise<void> {
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    await this.listening?.close();
    this.listening = undefined;
  }

  private onResult(message: string): void {
    let result: CommandResultEnvelope;
    try {
      result = parseCommandResultEnvelope(JSON.parse(message));
    } catch {
      return;
    }
    const waiter = this.waiting.get(result.correlationId);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.waiting.delete(result.correlationId);
    waiter.resolve(result);
  }
}
