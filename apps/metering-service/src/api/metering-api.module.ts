import { Controller, Get, Inject, Module, Param, ParseUUIDPipe, Query, type DynamicModule } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SchemaPipe, listQuerySchema, notFound, page, pageSchema, problemSchema, type PageQuery } from '@voltlane/api-kit';
import type { MeterSamplesPages } from '../application/meter-samples.page';
import type { MeterSamplesQuery } from '../application/meter-samples.query';

type Json = Record<string, unknown>;

/** What the API module needs from the running metering-service. */
export interface MeteringApiSource {
  readonly samples: MeterSamplesQuery;
  readonly pages: MeterSamplesPages;
}

const SOURCE = Symbol('METERING_API_SOURCE');

const measurand = { type: 'string', minLength: 1, maxLength: 64, description: 'e.g. Energy.Active.Import.Register' };
const stationQuerySchema = listQuerySchema({
  measurand,
  transactionRef: { type: 'string', minLength: 1, maxLength: 64 },
  from: { type: 'string', format: 'date-time', description: 'Sampled at or after' },
  to: { type: 'string', format: 'date-time', description: 'Sampled before' },
});
const transactionQuerySchema = listQuerySchema({ measurand });

const sampleSchema: Json = {
  type: 'object',
  properties: {
    sampleId: { type: 'string', format: 'uuid' },
    transactionRef: { type: 'string', nullable: true },
    evseId: { type: 'integer', nullable: true },
    connectorId: { type: 'integer', nullable: true },
    timestamp: { type: 'string', format: 'date-time' },
    measurand: { type: 'string' },
    phase: { type: 'string', nullable: true },
    location: { type: 'string' },
    context: { type: 'string' },
    unit: { type: 'string' },
    value: { type: 'string', nullable: true, description: 'Decimal string in the normalized unit' },
    rawValue: { type: 'string' },
    signed: { type: 'object', nullable: true },
    invalid: { type: 'string', nullable: true },
    sourceAction: { type: 'string' },
  },
};
const energySchema: Json = {
  type: 'object',
  properties: {
    stationId: { type: 'string' },
    transactionRef: { type: 'string' },
    startWh: { type: 'string' },
    startedAt: { type: 'string', format: 'date-time' },
    endWh: { type: 'string' },
    endedAt: { type: 'string', format: 'date-time' },
    energyWh: { type: 'string', nullable: true, description: 'null when the register went backwards' },
  },
};
const problem = { 'application/problem+json': { schema: problemSchema } };

function queries(schema: Json): MethodDecorator {
  const decorators = Object.entries(schema.properties as Record<string, Json>).map(([name, property]) =>
    ApiQuery({ name, required: false, schema: property }),
  );
  return (target, key, descriptor) => {
    for (const decorator of decorators) decorator(target, key, descriptor);
  };
}

const stationParam = ApiParam({ name: 'id', description: 'Station id', schema: { type: 'string' } });
const refParam = ApiParam({
  name: 'transactionRef',
  description: '1.6: the CSMS transaction id; 2.x: the station transaction id',
  schema: { type: 'string' },
});
const sessionParam = ApiParam({ name: 'sessionId', schema: { type: 'string', format: 'uuid' } });
const uuid = () => new ParseUUIDPipe({ exceptionFactory: () => notFound('Session not found') });
const badRequest = ApiResponse({ status: 400, description: 'Invalid query', content: problem });
const missing = ApiResponse({ status: 404, description: 'Not found', content: problem });

type SampleQuery = PageQuery & { measurand?: string; transactionRef?: string; from?: string; to?: string };

@ApiTags('metering')
@Controller('api/v1')
export class MeteringController {
  constructor(@Inject(SOURCE) private readonly source: MeteringApiSource) {}

  @Get('stations/:id/meter-samples')
  @ApiOperation({
    operationId: 'listStationMeterSamples',
    summary: "A station's meter samples, oldest first (time range, measurand, transaction)",
    description:
      'Pages through the meter samples a station reported (MeterValues, transaction events), oldest first, values normalized to one unit per measurand; filter by time range, measurand and transaction.',
  })
  @stationParam
  @queries(stationQuerySchema)
  @ApiResponse({ status: 200, schema: pageSchema(sampleSchema) })
  @badRequest
  async stationSamples(@Param('id') stationId: string, @Query(new SchemaPipe(stationQuerySchema, 'query')) query: SampleQuery) {
    const { items, total } = await this.source.pages.samples({
      stationId,
      transactionRef: query.transactionRef,
      measurand: query.measurand,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
      limit: query.limit,
      offset: query.offset,
    });
    return page(items, total, query);
  }

  @Get('stations/:id/transactions/:transactionRef/meter-samples')
  @ApiOperation({
    operationId: 'listTransactionMeterSamples',
    summary: "A transaction's meter samples",
    description: 'Pages through the meter samples of one transaction of a station, oldest first; filter by measurand.',
  })
  @stationParam
  @refParam
  @queries(transactionQuerySchema)
  @ApiResponse({ status: 200, schema: pageSchema(sampleSchema) })
  @badRequest
  async transactionSamples(
    @Param('id') stationId: string,
    @Param('transactionRef') transactionRef: string,
    @Query(new SchemaPipe(transactionQuerySchema, 'query')) query: SampleQuery,
  ) {
    const { items, total } = await this.source.pages.samples({
      stationId,
      transactionRef,
      measurand: query.measurand,
      limit: query.limit,
      offset: query.offset,
    });
    return page(items, total, query);
  }

  @Get('stations/:id/transactions/:transactionRef/energy')
  @ApiOperation({
    operationId: 'getTransactionEnergy',
    summary: 'Energy of a transaction from its register readings',
    description:
      'The energy a transaction delivered, from its first and last energy register readings (Energy.Active.Import.Register), in Wh.',
  })
  @stationParam
  @refParam
  @ApiResponse({ status: 200, schema: energySchema })
  @missing
  async transactionEnergy(@Param('id') stationId: string, @Param('transactionRef') transactionRef: string) {
    const energy = await this.source.samples.energyForTransaction(stationId, transactionRef);
    if (!energy) throw notFound(`No energy register reading stored for transaction ${transactionRef} of station ${stationId}`);
    return energy;
  }

  @Get('sessions/:sessionId/meter-samples')
  @ApiOperation({
    operationId: 'listSessionMeterSamples',
    summary: "A session's meter samples (the session resolved from sessions.lifecycle.v1)",
    description:
      'Pages through the meter samples of a session, oldest first: the session id is resolved to its station and transaction from sessions.lifecycle.v1.',
  })
  @sessionParam
  @queries(transactionQuerySchema)
  @ApiResponse({ status: 200, schema: pageSchema(sampleSchema) })
  @badRequest
  @missing
  async sessionSamples(
    @Param('sessionId', uuid()) sessionId: string,
    @Query(new SchemaPipe(transactionQuerySchema, 'query')) query: SampleQuery,
  ) {
    const ref = await this.source.pages.sessionRef(sessionId);
    if (!ref) throw notFound(`Session ${sessionId} is not known to the metering-service`);
    const { items, total } = await this.source.pages.samples({
      ...ref,
      measurand: query.measurand,
      limit: query.limit,
      offset: query.offset,
    });
    return page(items, total, query);
  }

  @Get('sessions/:sessionId/energy')
  @ApiOperation({
    operationId: 'getSessionEnergy',
    summary: "A session's energy from its register readings",
    description: 'The energy a session delivered, from its first and last energy register readings, in Wh.',
  })
  @sessionParam
  @ApiResponse({ status: 200, schema: energySchema })
  @missing
  async sessionEnergy(@Param('sessionId', uuid()) sessionId: string) {
    const ref = await this.source.pages.sessionRef(sessionId);
    if (!ref) throw notFound(`Session ${sessionId} is not known to the metering-service`);
    const energy = await this.source.samples.energyForTransaction(ref.stationId, ref.transactionRef);
    if (!energy) throw notFound(`No energy register reading stored for session ${sessionId}`);
    return energy;
  }
}

@Module({})
export class MeteringApiModule {}

/** The metering-service's operator API: samples and energy per station, transaction and session. */
export function meteringApiModule(handle: MeteringApiSource): DynamicModule {
  return { module: MeteringApiModule, controllers: [MeteringController], providers: [{ provide: SOURCE, useValue: handle }] };
}
