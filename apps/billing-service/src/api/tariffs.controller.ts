import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SchemaPipe, apiQueries, badRequest, notFound, page, pageSchema, type Page, type PageQuery } from '@voltlane/api-kit';
import type { Tariff, TariffAssignment, TariffScope } from '@voltlane/billing-domain';
import { TariffService, type TariffInput } from '../application/tariff.service';
import { BillingProblemInterceptor } from './billing-problems';
import {
  assignmentBodySchema,
  assignmentSchema,
  problemSchema,
  tariffCreateSchema,
  tariffListQuerySchema,
  tariffSchema,
  tariffUpdateSchema,
} from './billing-api.schemas';

const problem = { 'application/problem+json': { schema: problemSchema } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A tariff as the API receives it: any field of a TariffInput, its times as ISO strings. */
type TariffBody = Partial<Omit<TariffInput, 'validFrom' | 'validTo'>> & { validFrom?: string; validTo?: string | null };

interface AssignmentBody {
  scope: TariffScope['kind'];
  stationId?: string;
  customerGroup?: string;
  validFrom?: string;
  validTo?: string | null;
}

export interface TariffView extends Omit<Tariff, 'validFrom' | 'validTo'> {
  validFrom: string;
  validTo: string | null;
}

export interface AssignmentView {
  id: string;
  tariffId: string;
  scope: TariffScope['kind'];
  stationId: string | null;
  customerGroup: string | null;
  validFrom: string;
  validTo: string | null;
}

export function tariffView(tariff: Tariff): TariffView {
  return { ...tariff, validFrom: tariff.validFrom.toISOString(), validTo: tariff.validTo?.toISOString() ?? null };
}

export function assignmentView(assignment: TariffAssignment): AssignmentView {
  return {
    id: assignment.id,
    tariffId: assignment.tariffId,
    scope: assignment.scope.kind,
    stationId: assignment.scope.kind === 'station' ? assignment.scope.stationId : null,
    customerGroup: assignment.scope.kind === 'customerGroup' ? assignment.scope.customerGroup : null,
    validFrom: assignment.validFrom.toISOString(),
    validTo: assignment.validTo?.toISOString() ?? null,
  };
}

function scopeOf(body: AssignmentBody): TariffScope {
  switch (body.scope) {
    case 'default':
      if (body.stationId !== undefined || body.customerGroup !== undefined)
        throw badRequest('A default assignment takes neither stationId nor customerGroup');
      return { kind: 'default' };
    case 'station':
      if (body.stationId === undefined || body.customerGroup !== undefined)
        throw badRequest('A station assignment needs stationId (and no customerGroup)');
      return { kind: 'station', stationId: body.stationId };
    case 'customerGroup':
      if (body.customerGroup === undefined || body.stationId !== undefined)
        throw badRequest('A customerGroup assignment needs customerGroup (and no stationId)');
      return { kind: 'customerGroup', customerGroup: body.customerGroup };
  }
}

function tariffChanges(body: TariffBody): Partial<TariffInput> {
  const { validFrom, validTo, ...rest } = body;
  return {
    ...rest,
    ...(validFrom !== undefined ? { validFrom: new Date(validFrom) } : {}),
    ...(validTo !== undefined ? { validTo: validTo === null ? null : new Date(validTo) } : {}),
  };
}

function requireUuid(id: string, what: string): void {
  if (!UUID.test(id)) throw notFound(`no ${what} ${id}`);
}

function ApiTariffId(): MethodDecorator {
  return ApiParam({ name: 'id', description: 'Tariff id', schema: { type: 'string', format: 'uuid' } });
}

/**
 * Tariffs: a tariff is a series of immutable versions (a change is a new version, so a CDR's
 * tariff id + version always names its prices) and assignments to the default, a station or a
 * customer group, each with a validity.
 */
@ApiTags('tariffs')
@ApiSecurity('apiKey')
@ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
@ApiResponse({ status: 403, description: 'The key lacks the scope (GET: read, others: write)', content: problem })
@UseInterceptors(BillingProblemInterceptor)
@Controller('api/v1/tariffs')
export class TariffsController {
  constructor(@Inject(TariffService) private readonly tariffs: TariffService) {}

  @Post()
  @ApiOperation({
    operationId: 'createTariff',
    summary: 'Create a tariff (version 1), optionally with assignments',
    description:
      'Creates a tariff as version 1: currency, time zone, tax rate, prices per kWh, per charging and idle minute, session fee and time-of-day bands, and optionally its first assignments.',
  })
  @ApiBody({ schema: tariffCreateSchema })
  @ApiResponse({
    status: 201,
    description: 'Created',
    schema: { ...tariffSchema, properties: { ...tariffSchema.properties, assignments: { type: 'array', items: assignmentSchema } } },
  })
  @ApiResponse({
    status: 400,
    description: 'Invalid body: unknown field, a price that is not a decimal string, bad currency, time zone or bands',
    content: problem,
  })
  async create(
    @Body(new SchemaPipe(tariffCreateSchema)) body: TariffBody & { assignments?: AssignmentBody[] },
  ): Promise<TariffView & { assignments: AssignmentView[] }> {
    const { assignments = [], ...fields } = body;
    // Every assignment is checked before anything is stored.
    const scopes = assignments.map((a) => {
      const { validFrom = new Date(), validTo } = validity(a);
      if (validTo && validTo <= validFrom) throw badRequest('An assignment must end after it starts');
      return { scope: scopeOf(a), a };
    });
    const tariff = await this.tariffs.createTariff(tariffChanges(fields) as TariffInput);
    const created: AssignmentView[] = [];
    for (const { scope, a } of scopes)
      created.push(assignmentView(await this.tariffs.assign({ tariffId: tariff.id, scope, ...validity(a) })));
    return { ...tariffView(tariff), assignments: created };
  }

  @Get()
  @ApiOperation({
    operationId: 'listTariffs',
    summary: 'List tariffs (latest versions, paged)',
    description: 'Pages through tariffs, each in its latest version.',
  })
  @apiQueries(tariffListQuerySchema)
  @ApiResponse({ status: 200, description: 'A page of tariffs', schema: pageSchema(tariffSchema) })
  @ApiResponse({ status: 400, description: 'Invalid query', content: problem })
  async list(@Query(new SchemaPipe(tariffListQuerySchema, 'query')) query: PageQuery & { name?: string }): Promise<Page<TariffView>> {
    const { items, total } = await this.tariffs.pageOfTariffs({ nameContains: query.name }, query);
    return page(items.map(tariffView), total, query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getTariff',
    summary: 'The latest version of a tariff',
    description: 'The latest version of a tariff with its assignments.',
  })
  @ApiTariffId()
  @ApiResponse({ status: 200, description: 'The tariff', schema: tariffSchema })
  @ApiResponse({ status: 404, description: 'No such tariff', content: problem })
  async get(@Param('id') id: string): Promise<TariffView> {
    requireUuid(id, 'tariff');
    return tariffView(await this.tariffs.getTariff(id));
  }

  @Get(':id/versions')
  @ApiOperation({
    operationId: 'listTariffVersions',
    summary: 'Every version of a tariff, oldest first',
    description:
      'Every stored version of a tariff, oldest first: each change makes a new version, and each CDR names the version it was priced with.',
  })
  @ApiTariffId()
  @ApiResponse({ status: 200, description: 'The versions', schema: { type: 'array', items: tariffSchema } })
  @ApiResponse({ status: 404, description: 'No such tariff', content: problem })
  async versions(@Param('id') id: string): Promise<TariffView[]> {
    requireUuid(id, 'tariff');
    return (await this.tariffs.versionsOf(id)).map(tariffView);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateTariff',
    summary: 'Change a tariff: stores a new version (earlier CDRs keep theirs)',
    description: 'Changes a tariff by storing a new version; sessions already priced keep the version their CDR names.',
  })
  @ApiTariffId()
  @ApiBody({ schema: tariffUpdateSchema })
  @ApiResponse({ status: 200, description: 'The new version', schema: tariffSchema })
  @ApiResponse({ status: 400, description: 'Invalid body', content: problem })
  @ApiResponse({ status: 404, description: 'No such tariff', content: problem })
  async update(@Param('id') id: string, @Body(new SchemaPipe(tariffUpdateSchema)) body: TariffBody): Promise<TariffView> {
    requireUuid(id, 'tariff');
    return tariffView(await this.tariffs.addVersion(id, tariffChanges(body)));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'retireTariff',
    summary: 'Retire a tariff: all its assignments end now (versions and CDRs stay)',
    description: 'Retires a tariff: every assignment of it ends now. Its versions and the CDRs that name them stay.',
  })
  @ApiTariffId()
  @ApiResponse({ status: 204, description: 'Retired' })
  @ApiResponse({ status: 404, description: 'No such tariff', content: problem })
  @ApiResponse({ status: 409, description: 'It holds the only default assignment in force', content: problem })
  async retire(@Param('id') id: string): Promise<void> {
    requireUuid(id, 'tariff');
    await this.tariffs.retire(id);
  }

  @Post(':id/assignments')
  @ApiOperation({
    operationId: 'assignTariff',
    summary: 'Assign the tariff to the default, a station or a customer group',
    description:
      'Assigns the tariff to the default, to one station or to a customer group, from a time on (now by default) until an optional end.',
  })
  @ApiTariffId()
  @ApiBody({ schema: assignmentBodySchema })
  @ApiResponse({ status: 201, description: 'Created', schema: assignmentSchema })
  @ApiResponse({ status: 400, description: 'Invalid body or validity', content: problem })
  @ApiResponse({ status: 404, description: 'No such tariff', content: problem })
  async assign(@Param('id') id: string, @Body(new SchemaPipe(assignmentBodySchema)) body: AssignmentBody): Promise<AssignmentView> {
    requireUuid(id, 'tariff');
    return assignmentView(await this.tariffs.assign({ tariffId: id, scope: scopeOf(body), ...validity(body) }));
  }

  @Get(':id/assignments')
  @ApiOperation({
    operationId: 'listTariffAssignments',
    summary: 'Assignments of a tariff',
    description: 'The assignments of a tariff, past, current and future.',
  })
  @ApiTariffId()
  @ApiResponse({ status: 200, description: 'The assignments', schema: { type: 'array', items: assignmentSchema } })
  @ApiResponse({ status: 404, description: 'No such tariff', content: problem })
  async assignments(@Param('id') id: string): Promise<AssignmentView[]> {
    requireUuid(id, 'tariff');
    return (await this.tariffs.assignmentsOf(id)).map(assignmentView);
  }

  @Delete(':id/assignments/:assignmentId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'endTariffAssignment',
    summary: 'End an assignment now (one not started yet is removed)',
    description: 'Ends an assignment now; an assignment that has not started yet is removed.',
  })
  @ApiTariffId()
  @ApiParam({ name: 'assignmentId', schema: { type: 'string', format: 'uuid' } })
  @ApiResponse({ status: 204, description: 'Ended' })
  @ApiResponse({ status: 404, description: 'No such tariff or assignment', content: problem })
  @ApiResponse({ status: 409, description: 'It is the only default assignment in force', content: problem })
  async endAssignment(@Param('id') id: string, @Param('assignmentId') assignmentId: string): Promise<void> {
    requireUuid(id, 'tariff');
    requireUuid(assignmentId, 'assignment');
    await this.tariffs.endAssignment(id, assignmentId);
  }
}

function validity(body: { validFrom?: string; validTo?: string | null }): { validFrom?: Date; validTo?: Date | null } {
  return {
    ...(body.validFrom !== undefined ? { validFrom: new Date(body.validFrom) } : {}),
    ...(body.validTo !== undefined ? { validTo: body.validTo === null ? null : new Date(body.validTo) } : {}),
  };
}
