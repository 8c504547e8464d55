import { Writable } from 'node:stream';
import { FleetStats } from '../stats/fleet-stats';
import { summarize } from '../stats/summary';
import { isCharging } from '../fleet/session-planner';
import { TerminalProgress } from './terminal-progress';

function aFleetStats(): FleetStats {
  const stats = new FleetStats();
  Object.assign(stats, {
    connected: 9,
    booted: 8,
    sessionsActive: 3,
    sessionsStarted: 5,
    sessionsFinished: 2,
    framesSent: 200,
    framesReceived: 190,
    callErrorsReceived: 1,
    timeouts: 2,
    reconnects: 4,
  });
  for (let i = 1; i <= 100; i++) stats.latency.record(i);
  return stats;
}

describe('TerminalProgress', () => {
  it('shows connections, sessions, rates, latency percentiles and errors', () => {
    const progress = new TerminalProgress(aFleetStats(), new Writable({ write: (_c, _e, cb) => cb() }), {
      tty: false,
      intervalS: 10,
      totalStations: 10,
    });
    const text = progress.lines(Date.now() + 10_000).join('\n');
    expect(text).toContain('stations 9/10 connected, 8 booted');
    expect(text).toContain('active 3  started 5  finished 2');
    expect(text).toMatch(/sent 200 \(20\.0\/s\)/);
    expect(text).toMatch(/p50 50\.\d+ ms/);
    expect(text).toContain('CALLERROR 1  timeouts 2  reconnects 4');
  });
});

describe('summarize', () => {
  it('reports totals, per-second rates and latency in ms', () => {
    const summary = summarize(aFleetStats(), 10, 'mixed', 10_000);
    expect(summary).toMatchObject({
      durationS: 10,
      stations: 10,
      booted: 8,
      messages: { sent: 200, sentPerS: 20 },
      errors: { callErrorsReceived: 1, timeouts: 2, reconnects: 4 },
    });
    expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(98);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});

describe('isCharging', () => {
  it.each([
    [0, 0],
    [0.5, 50],
    [0.1, 10],
    [1, 100],
  ])('with share %d picks %d of 100 stations', (share, expected) => {
    expect(Array.from({ length: 100 }, (_, i) => isCharging(i, share)).filter(Boolean)).toHaveLength(expected);
  });
});
