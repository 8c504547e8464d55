import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SchemaPipe } from '@voltlane/api-kit';
import type { PhaseCurrents } from '@voltlane/energy-domain';
import { ENERGY_API, type EnergyApiDeps } from './energy-api.deps';
import { limitBodySchema, limitSchema } from './energy-api.schemas';
import { ApiSiteId, limitIdParam, optionalDate, problem, siteIdParam } from './energy-params';
import { EnergyProblemInterceptor } from './energy-problems';
import { limitView } from './energy-views';

type LimitView = ReturnType<typeof limitView>;

interface LimitBody {
  nodeId: string;
  limitA?: number | PhaseCurrents;
  limitKw?: number;
  validFrom?: string;
  validTo?: string;
  origin?: string;
}

/** External limits on nodes of a site for a while (a grid operator's signal); station-reported ones are listed too. */
@ApiTags('energy')
@ApiSecurity('apiKey')
@UseInterceptors(EnergyProblemInterceptor)
@Controller('api/v1/energy/sites/:siteId/limits')
export class LimitsController {
  constructor(@Inject(ENERGY_API) private readonly energy: EnergyApiDeps) {}

  @Post()
  @ApiOperation({
    operationId: 'addEnergyLimit',
    summary: 'Impose an external limit on a node for a while',
    description:
      'While in force (validFrom ≤ now < validTo, either open), the node’s limit is the lower of its own and every external limit, less the site’s safety margin. limitA and/or limitKw. The site is re-planned.',
  })
  @ApiSiteId
  @ApiBody({ schema: limitBodySchema })
  @ApiResponse({ status: 201, description: 'Created', schema: limitSchema })
  @problem(400, 'Invalid body: neither limitA nor limitKw, validTo not after validFrom or in the past, nodeId no node of the site')
  @problem(404, 'No such site')
  async add(@Param('siteId') siteId: string, @Body(new SchemaPipe(limitBodySchema)) body: LimitBody): Promise<LimitView> {
    const limit = await this.energy.limits.add(siteIdParam(siteId), {
      ...body,
      validFrom: optionalDate(body.validFrom, 'validFrom'),
      validTo: optionalDate(body.validTo, 'validTo'),
    });
    return limitView(limit, this.energy.clock());
  }

  @Get()
  @ApiOperation({
    operationId: 'listEnergyLimits',
    summary: 'External limits in force and ahead',
    description:
      'The site’s external limits that are in force now or start later, from every source (API, energy.grid-limits.v1, stations).',
  })
  @ApiSiteId
  @ApiResponse({ status: 200, description: 'The limits, by start', schema: { type: 'array', items: limitSchema } })
  @problem(404, 'No such site')
  async list(@Param('siteId') siteId: string): Promise<LimitView[]> {
    const now = this.energy.clock();
    return (await this.energy.limits.current(siteIdParam(siteId))).map((limit) => limitView(limit, now));
  }

  @Delete(':limitId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'clearEnergyLimit',
    summary: 'Clear an external limit',
    description: 'Ends an API or topic limit now; the site is re-planned. A station-reported limit ends when the station clears it.',
  })
  @ApiSiteId
  @ApiParam({ name: 'limitId', schema: { type: 'string', format: 'uuid' } })
  @ApiResponse({ status: 204, description: 'Cleared' })
  @problem(404, 'No such site, or no such limit in force or ahead')
  @problem(409, 'A station reported the limit')
  async clear(@Param('siteId') siteId: string, @Param('limitId') limitId: string): Promise<void> {
    await this.energy.limits.clear(siteIdParam(siteId), limitIdParam(siteId, limitId));
  }
}
