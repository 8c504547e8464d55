import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SchemaPipe, apiQueries } from '@voltlane/api-kit';
import type { PhaseCurrents } from '@voltlane/energy-domain';
import type { NodeInput } from '../application/topology/node.service';
import { ENERGY_API, type EnergyApiDeps } from './energy-api.deps';
import { cascadeQuerySchema, loadBodySchema, measuredLoadSchema, nodeBodySchema, nodeSchema } from './energy-api.schemas';
import { ApiNodeId, ApiSiteId, dateParam, newNodeIdParam, nodeIdParam, problem, siteIdParam } from './energy-params';
import { EnergyProblemInterceptor } from './energy-problems';
import { nodeView } from './energy-views';

type NodeView = ReturnType<typeof nodeView>;
type NodeBody = Omit<NodeInput, 'parentId'> & { parentId?: string | null };

const TREE_RULES =
  'Tree rules: one grid node (the root, parentId null) per site; the parent exists in the same site; no cycles; a circuit under the grid or a circuit; ' +
  'a station under the grid or a circuit; an evse under a station; a station in one site only; EVSE ids unique per station; ' +
  'stationId/maxA only for stations and EVSEs, phaseRotation/evseCount only for stations, evseId/priority/dc only for EVSEs.';

/** The nodes of a site's tree (grid → circuits → stations → EVSEs) and their measured unmanaged loads. */
@ApiTags('energy')
@ApiSecurity('apiKey')
@UseInterceptors(EnergyProblemInterceptor)
@Controller('api/v1/energy/sites/:siteId/nodes')
export class NodesController {
  constructor(@Inject(ENERGY_API) private readonly energy: EnergyApiDeps) {}

  @Get()
  @ApiOperation({
    operationId: 'listEnergyNodes',
    summary: 'The site’s tree: every node, parents first',
    description: 'Every node of the site, parents before children, each with its limits, fixed and latest measured unmanaged load.',
  })
  @ApiSiteId
  @ApiResponse({ status: 200, description: 'The nodes', schema: { type: 'array', items: nodeSchema } })
  @problem(404, 'No such site')
  async list(@Param('siteId') siteId: string): Promise<NodeView[]> {
    return (await this.energy.nodes.list(siteIdParam(siteId))).map(nodeView);
  }

  @Get(':nodeId')
  @ApiOperation({ operationId: 'getEnergyNode', summary: 'One node', description: 'One node of the site with its latest measured load.' })
  @ApiSiteId
  @ApiNodeId
  @ApiResponse({ status: 200, description: 'The node', schema: nodeSchema })
  @problem(404, 'No such site or node')
  async get(@Param('siteId') siteId: string, @Param('nodeId') nodeId: string): Promise<NodeView> {
    return nodeView(await this.energy.nodes.get(siteIdParam(siteId), nodeIdParam(siteId, nodeId)));
  }

  @Put(':nodeId')
  @ApiOperation({
    operationId: 'putEnergyNode',
    summary: 'Create or replace a node of the tree',
    description: `Creates the node (201) or replaces every field of it (200; a field left out has no value). The site is re-planned. ${TREE_RULES}`,
  })
  @ApiSiteId
  @ApiNodeId
  @ApiBody({ schema: nodeBodySchema })
  @ApiResponse({ status: 200, description: 'Replaced', schema: nodeSchema })
  @ApiResponse({ status: 201, description: 'Created', schema: nodeSchema })
  @problem(400, 'Invalid body or a tree rule broken by the request itself (the problem names the field and the rule in code)')
  @problem(404, 'No such site')
  @problem(
    409,
    'It clashes with the stored tree: a second grid node, a cycle, a station in another site, an EVSE id taken, children that would not fit',
  )
  async put(
    @Param('siteId') siteId: string,
    @Param('nodeId') nodeId: string,
    @Body(new SchemaPipe(nodeBodySchema)) body: NodeBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NodeView> {
    const { node, created } = await this.energy.nodes.put(siteIdParam(siteId), newNodeIdParam(nodeId), {
      ...body,
      parentId: body.parentId ?? null,
    });
    response.status(created ? 201 : 200);
    return nodeView(node);
  }

  @Delete(':nodeId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteEnergyNode',
    summary: 'Delete a node (with children only with cascade=true)',
    description: 'Deletes a node; one with children only with cascade=true, and then everything under it. The site is re-planned.',
  })
  @ApiSiteId
  @ApiNodeId
  @apiQueries(cascadeQuerySchema)
  @ApiResponse({ status: 204, description: 'Deleted' })
  @problem(400, 'Invalid query')
  @problem(404, 'No such site or node')
  @problem(409, 'The node has children and cascade is not true')
  async delete(
    @Param('siteId') siteId: string,
    @Param('nodeId') nodeId: string,
    @Query(new SchemaPipe(cascadeQuerySchema, 'query')) query: { cascade: boolean },
  ): Promise<void> {
    await this.energy.nodes.delete(siteIdParam(siteId), nodeIdParam(siteId, nodeId), query.cascade);
  }

  @Put(':nodeId/load')
  @ApiOperation({
    operationId: 'putEnergyNodeLoad',
    summary: 'Report the measured unmanaged load under a node',
    description:
      'Stores the measured current of loads nobody controls under the node (building, heat pump; negative for generation). It counts at the node and every ancestor, on top of the node’s fixed unmanagedA. The site is re-planned.',
  })
  @ApiSiteId
  @ApiNodeId
  @ApiBody({ schema: loadBodySchema })
  @ApiResponse({ status: 200, description: 'Stored', schema: measuredLoadSchema })
  @problem(400, 'Invalid body, or measuredAt in the future')
  @problem(404, 'No such site or node')
  @problem(409, 'A later measurement of the node is stored already')
  async putLoad(
    @Param('siteId') siteId: string,
    @Param('nodeId') nodeId: string,
    @Body(new SchemaPipe(loadBodySchema)) body: { currentA: PhaseCurrents; measuredAt?: string },
  ) {
    const load = await this.energy.loads.put({
      siteId: siteIdParam(siteId),
      nodeId: nodeIdParam(siteId, nodeId),
      currentA: body.currentA,
      ...(body.measuredAt !== undefined ? { measuredAt: dateParam(body.measuredAt, 'measuredAt') } : {}),
    });
    return {
      siteId: load.siteId,
      nodeId: load.nodeId,
      currentA: load.currentA,
      measuredAt: load.measuredAt.toISOString(),
      source: load.source,
    };
  }
}
