import { Controller, Delete, Get, HttpCode, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SchemaPipe, STATION_ID_PATTERN, apiQueries } from '@voltlane/api-kit';
import { notFound } from '../application/topology/energy-error';
import { ENERGY_API, type EnergyApiDeps } from './energy-api.deps';
import { allocationSchema, flaggedStationSchema, historyPageSchema, historyQuerySchema } from './energy-api.schemas';
import { ApiSiteId, dateParam, problem, siteIdParam } from './energy-params';
import { EnergyProblemInterceptor } from './energy-problems';
import { allocationView, flaggedView } from './energy-views';

type AllocationView = ReturnType<typeof allocationView>;
const STATION_ID = new RegExp(STATION_ID_PATTERN);

/** The planner's decisions (live and history) and the stations flagged for refusing profiles. */
@ApiTags('energy')
@ApiSecurity('apiKey')
@UseInterceptors(EnergyProblemInterceptor)
@Controller('api/v1/energy')
export class AllocationsController {
  constructor(@Inject(ENERGY_API) private readonly energy: EnergyApiDeps) {}

  @Get('sites/:siteId/allocation')
  @ApiOperation({
    operationId: 'getEnergyAllocation',
    summary: 'The live allocation of a site',
    description:
      'The latest decision: each session’s limit per phase, status (Satisfied, Capped, Paused) and why; each node’s effective limit, planned and measured load.',
  })
  @ApiSiteId
  @ApiResponse({ status: 200, description: 'The latest decision', schema: allocationSchema })
  @problem(404, 'No such site, or it has not been planned yet')
  async live(@Param('siteId') siteId: string): Promise<AllocationView> {
    return allocationView(await this.energy.allocations.live(siteIdParam(siteId)));
  }

  @Get('sites/:siteId/allocations')
  @ApiOperation({
    operationId: 'listEnergyAllocations',
    summary: 'The allocation history of a site, newest first',
    description: 'Every stored decision of the site, newest first, planned in [from, to); page on with nextCursor.',
  })
  @ApiSiteId
  @apiQueries(historyQuerySchema)
  @ApiResponse({ status: 200, description: 'A page of decisions', schema: historyPageSchema })
  @problem(400, 'Invalid query or cursor')
  @problem(404, 'No such site')
  async history(
    @Param('siteId') siteId: string,
    @Query(new SchemaPipe(historyQuerySchema, 'query')) query: { from?: string; to?: string; limit: number; cursor?: string },
  ): Promise<{ items: AllocationView[]; nextCursor: string | null }> {
    const { items, nextCursor } = await this.energy.allocations.history(siteIdParam(siteId), {
      limit: query.limit,
      ...(query.from !== undefined ? { from: dateParam(query.from, 'from') } : {}),
      ...(query.to !== undefined ? { to: dateParam(query.to, 'to') } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    });
    return { items: items.map(allocationView), nextCursor };
  }

  @Get('flagged-stations')
  @ApiOperation({
    operationId: 'listEnergyFlaggedStations',
    summary: 'Stations flagged for refusing charging profiles',
    description:
      'Stations that answered a profile with Rejected, NotSupported or NotImplemented: the planner counts their sessions at their maximum until an operator un-flags them.',
  })
  @ApiResponse({ status: 200, description: 'The flagged stations', schema: { type: 'array', items: flaggedStationSchema } })
  async flagged(): Promise<ReturnType<typeof flaggedView>[]> {
    return (await this.energy.allocations.flagged()).map(flaggedView);
  }

  @Delete('flagged-stations/:stationId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'unflagEnergyStation',
    summary: 'Un-flag a station',
    description: 'Its sessions are managed again; its site is re-planned.',
  })
  @ApiParam({ name: 'stationId', schema: { type: 'string', pattern: STATION_ID_PATTERN } })
  @ApiResponse({ status: 204, description: 'Un-flagged' })
  @problem(404, 'The station is not flagged')
  async unflag(@Param('stationId') stationId: string): Promise<void> {
    if (!STATION_ID.test(stationId)) throw notFound('NotFlagged', `station ${stationId} is not flagged`);
    await this.energy.allocations.unflag(stationId);
  }
}
