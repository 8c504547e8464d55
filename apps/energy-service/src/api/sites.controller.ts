import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SchemaPipe, apiQueries, page, pageSchema, type Page, type PageQuery } from '@voltlane/api-kit';
import type { NewSite } from '../application/topology/site.service';
import type { SiteFields } from '../persistence/site.repository';
import { ENERGY_API, type EnergyApiDeps } from './energy-api.deps';
import {
  cascadeQuerySchema,
  replanSchema,
  siteCreateSchema,
  siteListQuerySchema,
  siteSchema,
  siteUpdateSchema,
} from './energy-api.schemas';
import { ApiSiteId, problem, siteIdParam } from './energy-params';
import { EnergyProblemInterceptor } from './energy-problems';
import { siteView } from './energy-views';

type SiteView = ReturnType<typeof siteView>;

/** Sites: one grid connection each, with its safety margin and voltage; and asking for a re-plan. */
@ApiTags('energy')
@ApiSecurity('apiKey')
@UseInterceptors(EnergyProblemInterceptor)
@Controller('api/v1/energy/sites')
export class SitesController {
  constructor(@Inject(ENERGY_API) private readonly energy: EnergyApiDeps) {}

  @Post()
  @ApiOperation({
    operationId: 'createEnergySite',
    summary: 'Create a site (load management)',
    description:
      'Creates a site: one grid connection whose capacity is shared between the sessions under it. Add its tree with PUT …/nodes/{nodeId}, the grid node first.',
  })
  @ApiBody({ schema: siteCreateSchema })
  @ApiResponse({ status: 201, description: 'Created', schema: siteSchema })
  @problem(400, 'Invalid body (the problem names the field)')
  @problem(409, 'A site with this id exists')
  async create(@Body(new SchemaPipe(siteCreateSchema)) body: NewSite): Promise<SiteView> {
    return siteView(await this.energy.sites.create(body));
  }

  @Get()
  @ApiOperation({ operationId: 'listEnergySites', summary: 'List sites (by id, paged)', description: 'Pages through the sites, by id.' })
  @apiQueries(siteListQuerySchema)
  @ApiResponse({ status: 200, description: 'A page of sites', schema: pageSchema(siteSchema) })
  @problem(400, 'Invalid query')
  async list(@Query(new SchemaPipe(siteListQuerySchema, 'query')) query: PageQuery): Promise<Page<SiteView>> {
    const { items, total } = await this.energy.sites.page(query.limit, query.offset);
    return page(items.map(siteView), total, query);
  }

  @Get(':siteId')
  @ApiOperation({
    operationId: 'getEnergySite',
    summary: 'One site',
    description: 'One site with its settings and when it was planned and is due next.',
  })
  @ApiSiteId
  @ApiResponse({ status: 200, description: 'The site', schema: siteSchema })
  @problem(404, 'No such site')
  async get(@Param('siteId') siteId: string): Promise<SiteView> {
    return siteView(await this.energy.sites.get(siteIdParam(siteId)));
  }

  @Patch(':siteId')
  @ApiOperation({
    operationId: 'updateEnergySite',
    summary: 'Change a site’s name, safety margin or voltage',
    description: 'Changes the given settings of a site; the site is re-planned.',
  })
  @ApiSiteId
  @ApiBody({ schema: siteUpdateSchema })
  @ApiResponse({ status: 200, description: 'The site', schema: siteSchema })
  @problem(400, 'Invalid body (the problem names the field)')
  @problem(404, 'No such site')
  async update(@Param('siteId') siteId: string, @Body(new SchemaPipe(siteUpdateSchema)) body: Partial<SiteFields>): Promise<SiteView> {
    return siteView(await this.energy.sites.update(siteIdParam(siteId), body));
  }

  @Delete(':siteId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteEnergySite',
    summary: 'Delete a site (with its tree only with cascade=true)',
    description:
      'Deletes a site. A site that has nodes is deleted only with cascade=true; then its tree, measured loads, limits and allocation history go with it.',
  })
  @ApiSiteId
  @apiQueries(cascadeQuerySchema)
  @ApiResponse({ status: 204, description: 'Deleted' })
  @problem(400, 'Invalid query')
  @problem(404, 'No such site')
  @problem(409, 'The site has nodes and cascade is not true')
  async delete(
    @Param('siteId') siteId: string,
    @Query(new SchemaPipe(cascadeQuerySchema, 'query')) query: { cascade: boolean },
  ): Promise<void> {
    await this.energy.sites.delete(siteIdParam(siteId), query.cascade);
  }

  @Post(':siteId/replan')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'replanEnergySite',
    summary: 'Re-plan a site now',
    description: 'Marks the site due now: the planner takes it on its next poll, and the new decision shows in …/allocation.',
  })
  @ApiSiteId
  @ApiResponse({ status: 202, description: 'The site is due', schema: replanSchema })
  @problem(404, 'No such site')
  async replan(@Param('siteId') siteId: string): Promise<{ siteId: string; replanDueAt: string | null; replanReasons: string[] }> {
    const site = await this.energy.sites.replan(siteIdParam(siteId), 'replan requested (API)');
    return { siteId: site.siteId, replanDueAt: site.replanDueAt?.toISOString() ?? null, replanReasons: site.replanReasons };
  }
}
