import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SchemaPipe, badRequest } from '@voltlane/api-kit';
import { isValidTimeZone } from '@voltlane/report-domain';
import { OverviewQueries, type NetworkOverview } from '../application/overview-queries';
import { overviewQuerySchema, overviewSchema } from './overview.schemas';
import { problemSchema } from './report-api.schemas';
import { apiQueries } from './report-queries-doc';

const problem = { 'application/problem+json': { schema: problemSchema } };

const DESCRIPTION =
  'What the network is doing now, from the read model of the public topics (a few seconds behind the stations). ' +
  'Connector counts use the status each connector reported last; the whole-station connector 0 is not a connector, ' +
  'but its Faulted status makes the station faulted. "Today" is the calendar day in tz: sessions, energy and ' +
  'revenue are those of the sessions that started today. For live updates, listen to GET /api/v1/events and fetch ' +
  'this again when the stream (re)connects.';

/** The query string of the overview, after SchemaPipe (tz defaulted). */
export interface OverviewQuery {
  tz: string;
}

/** The network overview: stations, connectors, sessions and today's energy and revenue. */
@ApiTags('reports')
@ApiSecurity('apiKey')
@Controller('api/v1/reports')
export class OverviewController {
  constructor(@Inject(OverviewQueries) private readonly overview: OverviewQueries) {}

  @Get('overview')
  @ApiOperation({ operationId: 'reportOverview', summary: 'The network now, and today so far', description: DESCRIPTION })
  @apiQueries(overviewQuerySchema)
  @ApiResponse({ status: 200, description: 'The overview', content: { 'application/json': { schema: overviewSchema } } })
  @ApiResponse({
    status: 400,
    description: 'Invalid query: unknown parameter or unknown tz (the problem names the parameter)',
    content: problem,
  })
  @ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
  @ApiResponse({ status: 403, description: 'The key lacks the read scope', content: problem })
  async get(@Query(new SchemaPipe(overviewQuerySchema, 'query')) query: OverviewQuery): Promise<NetworkOverview> {
    if (!isValidTimeZone(query.tz))
      throw badRequest(`Invalid query: tz "${query.tz}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`, {
        parameter: 'tz',
      });
    return this.overview.now(query.tz);
  }
}
