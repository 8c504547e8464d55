import { Controller, Get, Header, Inject, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SchemaPipe, apiQueries, notFound, page, pageSchema, type Page, type PageQuery } from '@voltlane/api-kit';
import type { BillingCdr } from '@voltlane/contracts';
import { BillingQueries, type RunningCostView } from '../application/billing-queries';
import type { CdrFilter } from '../persistence/cdr.repository';
import { BillingProblemInterceptor } from './billing-problems';
import { cdrExportQuerySchema, cdrListQuerySchema, cdrSchema, problemSchema, runningCostSchema } from './billing-api.schemas';
import { CDR_CSV_HEADER, cdrCsvRow } from './cdr-csv';

const problem = { 'application/problem+json': { schema: problemSchema } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CdrQuery {
  endedFrom?: string;
  endedTo?: string;
  stationId?: string;
  customerId?: string;
  sessionId?: string;
  anomalous?: boolean;
}

function filterOf(query: CdrQuery): CdrFilter {
  return {
    ...(query.endedFrom !== undefined ? { endedFrom: new Date(query.endedFrom) } : {}),
    ...(query.endedTo !== undefined ? { endedTo: new Date(query.endedTo) } : {}),
    ...(query.stationId !== undefined ? { stationId: query.stationId } : {}),
    ...(query.customerId !== undefined ? { customerId: query.customerId } : {}),
    ...(query.sessionId !== undefined ? { sessionId: query.sessionId } : {}),
    ...(query.anomalous !== undefined ? { anomalous: query.anomalous } : {}),
  };
}

/** Issued CDRs (exactly as published on billing.cdrs.v1): list, one, and the CSV export. */
@ApiTags('cdrs')
@ApiSecurity('apiKey')
@ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
@ApiResponse({ status: 403, description: 'The key lacks the read scope', content: problem })
@UseInterceptors(BillingProblemInterceptor)
@Controller('api/v1')
export class CdrsController {
  constructor(@Inject(BillingQueries) private readonly queries: BillingQueries) {}

  @Get('cdrs')
  @ApiOperation({
    operationId: 'listCdrs',
    summary: 'List CDRs (newest session end first; by end time range, station, customer, anomalies)',
    description:
      'Pages through charge detail records, newest session end first: one per ended session with its energy, time, tariff version and amounts as decimal strings. Filter by session end time range, station, customer, session (its one CDR) and anomalies.',
  })
  @apiQueries(cdrListQuerySchema)
  @ApiResponse({ status: 200, description: 'A page of CDRs', schema: pageSchema(cdrSchema) })
  @ApiResponse({ status: 400, description: 'Invalid query', content: problem })
  async list(@Query(new SchemaPipe(cdrListQuerySchema, 'query')) query: PageQuery & CdrQuery): Promise<Page<BillingCdr>> {
    const { items, total } = await this.queries.listCdrs(filterOf(query), query);
    return page(items, total, query);
  }

  @Get('cdrs.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="cdrs.csv"')
  @ApiOperation({
    operationId: 'exportCdrsCsv',
    summary: 'CDRs as CSV (RFC 4180, header row, oldest session end first; same filters as the list)',
    description:
      'Amounts are the decimal strings of the CDR, unchanged. Free-text cells starting with = + @ are prefixed with an apostrophe.',
  })
  @ApiProduces('text/csv')
  @apiQueries(cdrExportQuerySchema)
  @ApiResponse({
    status: 200,
    description: 'CSV: a header row, then one row per CDR',
    content: { 'text/csv': { schema: { type: 'string' }, example: CDR_CSV_HEADER } },
  })
  @ApiResponse({ status: 400, description: 'Invalid query', content: problem })
  async csv(@Query(new SchemaPipe(cdrExportQuerySchema, 'query')) query: CdrQuery, @Res() response: Response): Promise<void> {
    const filter = filterOf(query);
    response.status(200);
    let chunk = CDR_CSV_HEADER;
    for await (const cdr of this.queries.eachCdr(filter)) {
      chunk += cdrCsvRow(cdr);
      if (chunk.length >= 64 * 1024) {
        if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
        chunk = '';
      }
    }
    response.end(chunk);
  }

  @Get('cdrs/:cdrId')
  @ApiOperation({
    operationId: 'getCdr',
    summary: 'One CDR',
    description: 'One charge detail record with its tariff version, price lines, tax and totals.',
  })
  @ApiParam({ name: 'cdrId', schema: { type: 'string', format: 'uuid' } })
  @ApiResponse({ status: 200, description: 'The CDR', schema: cdrSchema })
  @ApiResponse({ status: 404, description: 'No such CDR', content: problem })
  async get(@Param('cdrId') cdrId: string): Promise<BillingCdr> {
    const cdr = UUID.test(cdrId) ? await this.queries.cdr(cdrId) : null;
    if (!cdr) throw notFound(`no CDR ${cdrId}`);
    return cdr;
  }

  @Get('sessions/:sessionId/cost')
  @ApiTags('sessions')
  @ApiOperation({
    operationId: 'getSessionCost',
    summary: 'The running cost of an ongoing session, up to now',
    description:
      'What an ongoing session costs so far under the tariff that applies to it (energy, charging and idle time up to now), before its CDR is issued.',
  })
  @ApiParam({ name: 'sessionId', schema: { type: 'string', format: 'uuid' } })
  @ApiResponse({ status: 200, description: 'Cost so far (ongoing: true)', schema: runningCostSchema })
  @ApiResponse({ status: 404, description: 'No ongoing session with this id (unknown or ended: see its CDR)', content: problem })
  @ApiResponse({ status: 409, description: 'No tariff applies to the session', content: problem })
  async cost(@Param('sessionId') sessionId: string): Promise<RunningCostView> {
    const cost = UUID.test(sessionId) ? await this.queries.runningCost(sessionId) : null;
    if (!cost) throw notFound(`no ongoing session ${sessionId}`);
    return cost;
  }
}
