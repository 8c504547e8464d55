/** Counters the gateway keeps; exported as metrics by the observability issue. */
export class GatewayStats {
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
  invalidReplies = 0;
  commandsSent = 0;
  commandResults: Record<string, number> = {};

  refused(reason: string): void {
    this.handshakesRefused[reason] = (this.handshakesRefused[reason] ?? 0) + 1;
  }

  commandResult(outcome: string): void {
    this.commandResults[outcome] = (this.commandResults[outcome] ?? 0) + 1;
  }
}
