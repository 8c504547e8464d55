import { bucketsOf, type Bucket } from '@voltlane/report-domain';
import { type CurrencyTotal, type OverviewRepository } from '../persistence/overview.repository';
import type { Clock } from './clock';

/** The network now (GET /api/v1/reports/overview). */
export interface NetworkOverview {
  /** "Now" of the overview (ISO 8601, UTC). */
  at: string;
  /** The IANA zone whose calendar day is "today". */
  timeZone: string;
  stations: { total: number; online: number; offline: number; faulted: number };
  connectors: { total: number; byStatus: Record<string, number> };
  sessions: { running: number; startedToday: number };
  today: {
    /** Local midnight of today in timeZone, as an instant (UTC). */
    start: string;
    /** Local midnight of tomorrow (exclusive). */
    end: string;
    /** Energy of the sessions started today, Wh, decimal string. */
    energyWh: string;
    /** CDR totals of the sessions started today, per currency. */
    revenue: CurrencyTotal[];
  };
}

const TWO_DAYS_MS = 2 * 24 * 3_600_000;

/** The calendar day of `now` in `zone`: local midnight to local midnight (23 or 25 hours on a DST change). */
export function dayAround(now: Date, zone: string): Bucket {
  // Of the days of [now - 2 d, now + 2 d), the one holding now is never clipped (a day has at most 25 h).
  const day = bucketsOf(new Date(now.getTime() - TWO_DAYS_MS), new Date(now.getTime() + TWO_DAYS_MS), 'day', zone).find(
    (bucket) => bucket.start.getTime() <= now.getTime() && now.getTime() < bucket.end.getTime(),
  );
  if (!day) throw new RangeError(`no day around ${now.toISOString()} in ${zone}`);
  return day;
}

/** Answers the network overview from the read model's current rows. */
export class OverviewQueries {
  constructor(
    private readonly overview: OverviewRepository,
    private readonly clock: Clock,
  ) {}

  /** The overview now, "today" being the calendar day in `timeZone` (an IANA zone; RangeError otherwise). */
  async now(timeZone: string): Promise<NetworkOverview> {
    const at = this.clock();
    const today = dayAround(at, timeZone);
    const [stations, statuses, sessions, revenue] = await Promise.all([
      this.overview.stations(),
      this.overview.currentStatuses(),
      this.overview.sessions(today.start, today.end),
      this.overview.revenue(today.start, today.end),
    ]);
    const byStatus: Record<string, number> = {};
    for (const { status, connectors } of statuses) if (connectors > 0) byStatus[status] = connectors;
    return {
      at: at.toISOString(),
      timeZone,
      stations: {
        total: stations.total,
        online: stations.online,
        offline: Math.max(0, stations.total - stations.online),
        faulted: statuses.find((s) => s.status === 'Faulted')?.stations ?? 0,
      },
      connectors: { total: Object.values(byStatus).reduce((sum, n) => sum + n, 0), byStatus },
      sessions: { running: sessions.running, startedToday: sessions.started },
      today: { start: today.start.toISOString(), end: today.end.toISOString(), energyWh: sessions.energyWh, revenue },
    };
  }
}
