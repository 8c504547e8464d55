import type { MessageLogCounters, MessageLogDropReason } from './message-log/message-log-recorder';

/** Counters the gateway keeps; exported as metrics by the observability issue. */
export class GatewayStats implements MessageLogCounters {
  connectionsOpened = 0;
  connectionsClosed = 0;
  handshakesRefused: Record<string, number> = {};
  framesIn = 0;
  invalidFrames = 0;
  callsPublished = 0;
  publishFailures = 0;
  heartbeatsAnsweredLocally = 0;
  rateLimited = 0;
  repliesDelivered = 0;
  repliesDropped = 0;
  replyTimeouts = 0;
  /** Of the reply timeouts: published notifications the gateway acknowledged with `{}`. */
  acknowledgedAfterTimeout = 0;
  invalidReplies = 0;
  commandsSent = 0;
  commandResults: Record<string, number> = {};
  /** Refused station authentications, by kind (bad_credentials, unknown_station, rate_limited). */
  authFailures: Record<string, number> = {};
  /** Connections terminated because the station did not read what was sent to it. */
  slowReadersCut = 0;
  /** Frames of the OCPP message log published on ocpp.frames.v1. */
  messageLogFrames = 0;
  /** Frames of the message log dropped, by reason (buffer_full, publish_failed, too_large). */
  readonly messageLogDroppedByReason: Record<string, number> = {};
  /** Valid station CALLs accepted, by action. */
  readonly callsByAction = new Map<string, number>();
  /** CALLERRORs sent in answer to station CALLs (the gateway's own and the services'), by action and code. */
  readonly callErrors = new Map<string, { action: string; code: string; count: number }>();
  /** Set by the metrics binder: a station CALL got its answer after `seconds`. */
  onAnswer: ((action: string, outcome: 'result' | 'error', seconds: number) => void) | undefined;

  refused(reason: string): void {
    this.handshakesRefused[reason] = (this.handshakesRefused[reason] ?? 0) + 1;
  }

  callAccepted(action: string): void {
    this.callsByAction.set(action, (this.callsByAction.get(action) ?? 0) + 1);
  }

  answered(action: string, outcome: 'result' | 'error', receivedAt: number): void {
    this.onAnswer?.(action, outcome, (performance.now() - receivedAt) / 1000);
  }

  /** A CALLERROR went to a station; `action` is "unknown" for a frame whose action is not in the catalog. */
  callError(action: string, code: string): void {
    const key = `${action}\u0000${code}`;
    const entry = this.callErrors.get(key);
    if (entry) entry.count++;
    else this.callErrors.set(key, { action, code, count: 1 });
  }

  authFailed(kind: string): void {
    this.authFailures[kind] = (this.authFailures[kind] ?? 0) + 1;
  }

  messageLogDropped(reason: MessageLogDropReason, frames: number): void {
    this.messageLogDroppedByReason[reason] = (this.messageLogDroppedByReason[reason] ?? 0) + frames;
  }

  commandResult(outcome: string): void {
    this.commandResults[outcome] = (this.commandResults[outcome] ?? 0) + 1;
  }
}
