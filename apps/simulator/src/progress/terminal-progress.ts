import type { FleetStats } from '../stats/fleet-stats';

export interface ProgressOptions {
  /** Redraw a live panel (stdout is a TTY) or print one line per interval. */
  tty: boolean;
  /** Seconds between lines when not a TTY (the TTY panel redraws every second). */
  intervalS: number;
  totalStations: number;
}

interface Snapshot {
  at: number;
  sent: number;
  received: number;
}

const fmt = (n: number, digits = 1): string => n.toFixed(digits);

/** Live progress: a redrawn panel on a terminal, a plain line every N seconds otherwise. */
export class TerminalProgress {
  private timer: NodeJS.Timeout | undefined;
  private last: Snapshot;
  private drawnLines = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly stats: FleetStats,
    private readonly out: NodeJS.WritableStream,
    private readonly options: ProgressOptions,
  ) {
    this.last = { at: Date.now(), sent: 0, received: 0 };
  }

  start(): void {
    const everyMs = this.options.tty ? 1_000 : this.options.intervalS * 1_000;
    this.timer = setInterval(() => this.render(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.options.tty) this.render();
  }

  /** The current lines (exposed for tests). */
  lines(now = Date.now()): string[] {
    const s = this.stats;
    const dt = Math.max(0.001, (now - this.last.at) / 1000);
    const sentRate = (s.framesSent - this.last.sent) / dt;
    const receivedRate = (s.framesReceived - this.last.received) / dt;
    this.last = { at: now, sent: s.framesSent, received: s.framesReceived };
    const l = s.latency;
    const elapsed = new Date(now - this.startedAt).toISOString().slice(11, 19);
    return [
      `simulator ${elapsed}  stations ${s.connected}/${this.options.totalStations} connected, ${s.booted} booted`,
      `sessions  active ${s.sessionsActive}  started ${s.sessionsStarted}  finished ${s.sessionsFinished}`,
      `messages  sent ${s.framesSent} (${fmt(sentRate)}/s)  received ${s.framesReceived} (${fmt(receivedRate)}/s)`,
      `latency   p50 ${fmt(l.percentile(50), 2)} ms  p95 ${fmt(l.percentile(95), 2)} ms  p99 ${fmt(l.percentile(99), 2)} ms  (${l.count} calls)`,
      `errors    CALLERROR ${s.callErrorsReceived}  timeouts ${s.timeouts}  reconnects ${s.reconnects}  connect failures ${s.connectFailures}`,
    ];
  }

  private render(): void {
    const lines = this.lines();
    if (this.options.tty) {
      const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : '';
      this.out.write(up + lines.map((line) => `\x1b[2K${line}`).join('\n') + '\n');
      this.drawnLines = lines.length;
    } else {
      this.out.write(`${lines.join(' | ').replace(/\s{2,}/g, ' ')}\n`);
    }
  }
}
