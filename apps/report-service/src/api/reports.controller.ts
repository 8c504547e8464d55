import { Controller, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SchemaPipe, notFound } from '@voltlane/api-kit';
import type { BucketMetrics } from '@voltlane/report-domain';
import {
  ReportQueries,
  type NetworkReport,
  type ReportHeader,
  type StationReport,
  type StationsReport,
} from '../application/report-queries';
import type { ReportServiceConfig } from '../config/report-service-config';
import { REPORT_CONFIG } from './report-api.deps';
import { networkCsv, stationsCsv } from './report-csv';
import { apiQueries } from './report-queries-doc';
import { reportRequestOf, wantsCsv, type ReportQuery } from './report-request';
import {
  networkQuerySchema,
  networkReportSchema,
  oneStationReportSchema,
  problemSchema,
  stationQuerySchema,
  stationsQuerySchema,
  stationsReportSchema,
} from './report-api.schemas';

const problem = { 'application/problem+json': { schema: problemSchema } };
/** One day of one station, as the CSV answers show it. */
const EXAMPLE_BUCKET: BucketMetrics = {
  start: '2026-01-30T23:00:00.000Z',
  end: '2026-01-31T23:00:00.000Z',
  startLocal: '2026-01-31T00:00:00.000+01:00',
  endLocal: '2026-02-01T00:00:00.000+01:00',
  sessions: 12,
  energyKwh: 214.5,
  sessionSeconds: 61_200,
  chargingSeconds: 52_100,
  idleSeconds: 9_100,
  occupiedSeconds: 61_200,
  utilisationPercent: 35.4,
  uptimePercent: 99.8,
  onlinePercent: 100,
  faults: [{ errorCode: 'GroundFailure', count: 1 }],
  revenue: [{ currency: 'EUR', totalExclTax: '75.08', totalInclTax: '89.34' }],
};
const csvContent = (example: string) => ({ 'text/csv': { schema: { type: 'string' }, example } });
const bucketsCsv = csvContent(networkCsv([EXAMPLE_BUCKET]));
const stationBucketsCsv = csvContent(stationsCsv([{ stationId: 'CP-0001', buckets: [EXAMPLE_BUCKET] }]));
const ATTRIBUTION =
  'Sessions, energy, session duration, charging and idle time and revenue are attributed to the bucket in which the session started ' +
  '(a session that spans two buckets counts fully in the first). Occupied time, utilisation, uptime and online time are split ' +
  'across buckets at the bucket boundaries, and only time up to now counts. Buckets are calendar days, ISO weeks or months in tz ' +
  '(a DST day has 23 or 25 hours); the first and last are clipped to the range.';

function sendCsv(response: Response, name: string, body: string): string {
  response.type('text/csv; charset=utf-8');
  response.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
  return body;
}

/** Reports over the read model: network (or a group of stations), per station, one station. JSON or CSV. */
@ApiTags('reports')
@ApiSecurity('apiKey')
@ApiResponse({
  status: 400,
  description: 'Invalid query: unknown parameter, bad from/to, unknown tz, too many buckets (the problem names the parameter)',
  content: problem,
})
@ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
@ApiResponse({ status: 403, description: 'The key lacks the read scope', content: problem })
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    @Inject(ReportQueries) private readonly queries: ReportQueries,
    @Inject(REPORT_CONFIG) private readonly config: ReportServiceConfig,
  ) {}

  @Get('network')
  @ApiOperation({ operationId: 'reportNetwork', summary: 'The network (or the group of stationIds) per bucket', description: ATTRIBUTION })
  @apiQueries(networkQuerySchema)
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({
    status: 200,
    description: 'The report (CSV: one row per bucket)',
    content: { 'application/json': { schema: networkReportSchema }, ...bucketsCsv },
  })
  async network(
    @Query(new SchemaPipe(networkQuerySchema, 'query')) query: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NetworkReport | string> {
    const { request, buckets } = reportRequestOf(query, this.config.report.maxBuckets);
    const report = await this.queries.network(request, buckets);
    return wantsCsv(query, accept) ? sendCsv(response, 'network-report', networkCsv(report.buckets)) : report;
  }

  @Get('stations')
  @ApiOperation({ operationId: 'reportStations', summary: 'Every station (or those of stationIds) per bucket', description: ATTRIBUTION })
  @apiQueries(stationsQuerySchema)
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({
    status: 200,
    description: 'The report (CSV: one row per station and bucket)',
    content: { 'application/json': { schema: stationsReportSchema }, ...stationBucketsCsv },
  })
  async stations(
    @Query(new SchemaPipe(stationsQuerySchema, 'query')) query: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StationsReport | string> {
    const { request, buckets } = reportRequestOf(query, this.config.report.maxBuckets);
    const report = await this.queries.stations(request, buckets);
    return wantsCsv(query, accept) ? sendCsv(response, 'stations-report', stationsCsv(report.items)) : report;
  }

  @Get('stations/:stationId')
  @ApiOperation({ operationId: 'reportStation', summary: 'One station per bucket', description: ATTRIBUTION })
  @ApiParam({ name: 'stationId', schema: { type: 'string', maxLength: 48 } })
  @apiQueries(stationQuerySchema)
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({
    status: 200,
    description: 'The report (CSV: one row per bucket)',
    content: { 'application/json': { schema: oneStationReportSchema }, ...bucketsCsv },
  })
  @ApiResponse({ status: 404, description: 'The report-service knows nothing of this station', content: problem })
  async station(
    @Param('stationId') stationId: string,
    @Query(new SchemaPipe(stationQuerySchema, 'query')) query: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<(ReportHeader & StationReport) | string> {
    const { request, buckets } = reportRequestOf(query, this.config.report.maxBuckets, [stationId]);
    if (!(await this.queries.knows(stationId))) throw notFound(`no report data for station ${stationId}`);
    const { items, ...header } = await this.queries.stations(request, buckets);
    const report = { ...header, ...items[0] };
    return wantsCsv(query, accept)
      ? sendCsv(response, `station-report-${stationId.replace(/[^A-Za-z0-9_.-]/g, '_')}`, stationsCsv(items))
      : report;
  }
}
