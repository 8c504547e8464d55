import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { SchemaPipe, badRequest, conflict, notFound, pageSchema, type Page } from '@voltlane/api-kit';
import type { StationFaultEntity } from '../persistence/station-fault.entity';
import { FAULT_API, type FaultApiDeps } from './fault-api.deps';
import type { FaultListQuery } from './fault-api.queries';
import { FAULT_ID_PATTERN, faultListQuerySchema, faultSchema, stationFaultListQuerySchema } from './fault-api.schemas';
import { STATION_ID_PATTERN, problemSchema } from './station-api.schemas';

const FAULT_ID = new RegExp(FAULT_ID_PATTERN);
const problem = (status: number, description: string): MethodDecorator =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: problemSchema } } });

/** OpenAPI query parameters of a list query schema (SchemaPipe validates; this documents). */
function ApiListQuery(schema: SchemaObject): MethodDecorator {
  const decorators = Object.entries(schema.properties ?? {}).map(([name, property]) =>
    ApiQuery({ name, required: false, schema: property }),
  );
  return (target, key, descriptor) => {
    for (const decorate of decorators) decorate(target, key, descriptor);
  };
}

const ApiFaultId = ApiParam({ name: 'id', description: 'Fault id', schema: { type: 'string', pattern: FAULT_ID_PATTERN } });

function checkRange(query: { from?: string; to?: string }): void {
  if (query.from && query.to && new Date(query.from) >= new Date(query.to)) throw badRequest('Invalid query: from must be before to');
}

function checkFaultId(id: string): void {
  if (!FAULT_ID.test(id)) throw badRequest(`Invalid fault id: must match ${FAULT_ID_PATTERN}`);
}

/**
 * Faults of stations: status error codes and Faulted statuses, NotifyEvent problems, security
 * events and offline stations (each also published on `stations.faults.v1`).
 */
@ApiTags('faults')
@ApiSecurity('apiKey')
@Controller('api/v1/faults')
export class FaultsController {
  constructor(@Inject(FAULT_API) private readonly deps: FaultApiDeps) {}

  @Get()
  @ApiOperation({
    operationId: 'listFaults',
    summary: 'Faults of all stations, newest first (by first seen)',
    description:
      'Pages through faults of all stations (error codes, Faulted components, security events, offline periods), newest first by first seen; filter by station, state, source, code and first-seen time.',
  })
  @ApiListQuery(faultListQuerySchema)
  @ApiResponse({ status: 200, schema: pageSchema(faultSchema as Record<string, unknown>) })
  @problem(400, 'Invalid query')
  list(@Query(new SchemaPipe(faultListQuerySchema, 'query')) query: FaultListQuery): Promise<Page<StationFaultEntity>> {
    checkRange(query);
    return this.deps.queries.list(query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getFault',
    summary: 'One fault',
    description: 'One fault with its station, EVSE and connector, source, code, state, occurrences and resolution.',
  })
  @ApiFaultId
  @ApiResponse({ status: 200, schema: faultSchema })
  @problem(404, 'No such fault')
  async get(@Param('id') id: string): Promise<StationFaultEntity> {
    checkFaultId(id);
    const fault = await this.deps.queries.get(id);
    if (!fault) throw notFound(`No fault ${id}`);
    return fault;
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'resolveFault',
    summary: 'Resolve an open fault (write scope); published on stations.faults.v1',
    description: 'Marks an open fault as resolved by the operator; the resolution is published on stations.faults.v1.',
  })
  @ApiFaultId
  @ApiResponse({ status: 200, schema: faultSchema })
  @problem(404, 'No such fault')
  @problem(409, 'The fault is already resolved')
  async resolve(@Param('id') id: string): Promise<StationFaultEntity> {
    checkFaultId(id);
    const outcome = await this.deps.faults.resolveByOperator(id);
    if ('notFound' in outcome) throw notFound(`No fault ${id}`);
    if ('alreadyResolved' in outcome) {
      const fault = outcome.alreadyResolved;
      throw conflict(
        `Fault ${id} is already resolved (by ${fault.resolvedBy ?? 'unknown'} at ${fault.resolvedAt?.toISOString() ?? 'unknown'})`,
      );
    }
    return outcome.fault;
  }
}

/** GET /api/v1/stations/{id}/faults. */
@ApiTags('stations', 'faults')
@ApiSecurity('apiKey')
@Controller('api/v1/stations')
export class StationFaultsController {
  constructor(@Inject(FAULT_API) private readonly deps: FaultApiDeps) {}

  @Get(':id/faults')
  @ApiOperation({
    operationId: 'getStationFaults',
    summary: "A station's faults, newest first (by first seen)",
    description: 'Pages through the faults of one station, newest first by first seen.',
  })
  @ApiParam({ name: 'id', description: 'Station identity', schema: { type: 'string', pattern: STATION_ID_PATTERN } })
  @ApiListQuery(stationFaultListQuerySchema)
  @ApiResponse({ status: 200, schema: pageSchema(faultSchema as Record<string, unknown>) })
  @problem(404, 'No such station')
  async list(
    @Param('id') id: string,
    @Query(new SchemaPipe(stationFaultListQuerySchema, 'query')) query: Omit<FaultListQuery, 'stationId'>,
  ): Promise<Page<StationFaultEntity>> {
    if (!(await this.deps.stationExists(id))) throw notFound(`No station ${id}`);
    checkRange(query);
    return this.deps.queries.list({ ...query, stationId: id });
  }
}
