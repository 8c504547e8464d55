import {
  STATION_LEVEL,
  bucketsOf,
  computeBuckets,
  type Bucket,
  type BucketMetrics,
  type BucketSize,
  type StationFacts,
} from '@voltlane/report-domain';
import { type CdrRevenueRepository } from '../persistence/cdr-revenue.repository';
import { type ConnectionRepository } from '../persistence/connection.repository';
import { type FaultRepository } from '../persistence/fault.repository';
import { type SessionRepository } from '../persistence/session.repository';
import { type StationDirectoryRepository } from '../persistence/station-directory.repository';
import { type StatusIntervalRepository } from '../persistence/status-interval.repository';
import type { StationFilter } from '../persistence/station-filter';
import type { Clock } from './clock';

export interface ReportRequest {
  from: Date;
  to: Date;
  bucket: BucketSize;
  timeZone: string;
  /** null: every station. */
  stations: StationFilter;
}

export interface ReportHeader {
  from: string;
  to: string;
  bucket: BucketSize;
  timeZone: string;
}

export interface NetworkReport extends ReportHeader {
  /** The stations included (all known ones, or those of the stationIds filter that are known). */
  stationIds: string[];
  buckets: BucketMetrics[];
}

export interface StationReport {
  stationId: string;
  /** Connectors that ever reported a status (the whole-station connector 0 not counted). */
  connectors: number;
  buckets: BucketMetrics[];
}

export interface StationsReport extends ReportHeader {
  items: StationReport[];
}

/** Builds reports from the read model: loads the facts of the range, computes in report-domain. */
export class ReportQueries {
  constructor(
    private readonly statuses: StatusIntervalRepository,
    private readonly connections: ConnectionRepository,
    private readonly sessions: SessionRepository,
    private readonly faults: FaultRepository,
    private readonly revenue: CdrRevenueRepository,
    private readonly directory: StationDirectoryRepository,
    private readonly clock: Clock,
  ) {}

  /** Whether the read model knows anything about the station. */
  async knows(stationId: string): Promise<boolean> {
    return (await this.directory.known([stationId])).length > 0;
  }

  async network(request: ReportRequest, buckets: Bucket[]): Promise<NetworkReport> {
    const facts = await this.facts(request);
    return { ...header(request), stationIds: facts.map((f) => f.stationId), buckets: computeBuckets(facts, buckets, this.clock()) };
  }

  async stations(request: ReportRequest, buckets: Bucket[]): Promise<StationsReport> {
    const facts = await this.facts(request);
    const now = this.clock();
    return {
      ...header(request),
      items: facts.map((f) => ({ stationId: f.stationId, connectors: f.connectors.length, buckets: computeBuckets([f], buckets, now) })),
    };
  }

  /** The buckets of a request (RangeError beyond `limit`). */
  static buckets(request: ReportRequest, limit: number): Bucket[] {
    return bucketsOf(request.from, request.to, request.bucket, request.timeZone, limit);
  }

  private async facts(request: ReportRequest): Promise<StationFacts[]> {
    const { stations, from, to } = request;
    const [ids, connectors, statuses, online, sessions, faults, revenue] = await Promise.all([
      this.directory.known(stations),
      this.statuses.connectors(stations),
      this.statuses.overlapping(stations, from, to),
      this.connections.overlapping(stations, from, to),
      this.sessions.startedIn(stations, from, to),
      this.faults.in(stations, from, to),
      this.revenue.startedIn(stations, from, to),
    ]);
    const byStation = new Map<string, StationFacts>(
      ids.map((id) => [id, { stationId: id, connectors: [], statuses: [], online: [], faults: [], sessions: [], revenue: [] }]),
    );
    const of = (id: string): StationFacts | undefined => byStation.get(id);
    for (const { stationId, connector } of connectors) if (connector !== STATION_LEVEL) of(stationId)?.connectors.push(connector);
    for (const { stationId, ...interval } of statuses) of(stationId)?.statuses.push(interval);
    for (const { stationId, ...interval } of online) of(stationId)?.online.push(interval);
    for (const { stationId, ...session } of sessions) of(stationId)?.sessions.push(session);
    for (const { stationId, ...fault } of faults) of(stationId)?.faults.push(fault);
    for (const { stationId, ...cdr } of revenue) of(stationId)?.revenue.push(cdr);
    for (const facts of byStation.values()) facts.connectors.sort();
    return [...byStation.values()];
  }
}

function header(request: ReportRequest): ReportHeader {
  return { from: request.from.toISOString(), to: request.to.toISOString(), bucket: request.bucket, timeZone: request.timeZone };
}
