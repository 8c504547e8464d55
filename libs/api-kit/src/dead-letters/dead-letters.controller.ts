import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { DeadLetterFilter, DeadLetters, DeadLetterView } from '@voltlane/service-kit';
import { RequireScope } from '../keys/api-key.guard';
import { listQuerySchema, page, pageSchema, type Page } from '../http/pagination';
import { notFound } from '../http/problem';
import { problemSchema } from '../openapi/problem-schema';
import { SchemaPipe } from '../http/schema-pipe';

export const DEAD_LETTERS = Symbol('DEAD_LETTERS');

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: '^[^\\u0000]*$' });

const filters = {
  status: {
    type: 'string',
    enum: ['open', 'redriven', 'discarded'],
    description: 'open: not re-driven yet (or failed again after a re-drive)',
  },
  groupId: { ...text(200), description: 'Consumer group that failed the record (a service, e.g. metering-service)' },
  stationId: { ...text(200), description: 'Station whose frame it is' },
  action: { ...text(100), description: 'OCPP action of the frame' },
  code: { ...text(100), description: 'Failure code, e.g. ValueOutOfBounds, ContractViolation' },
};
const listSchema = listQuerySchema(filters);

const deadLetterSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    groupId: { type: 'string' },
    stage: {
      type: 'string',
      description: 'Part of the consumer that failed: handler:<Action>, observer:<Name>, decode, or a consumer name',
    },
    topic: { type: 'string' },
    partition: { type: 'integer' },
    offset: { type: 'string' },
    key: { type: 'string' },
    stationId: { type: 'string', nullable: true },
    action: { type: 'string', nullable: true },
    messageId: { type: 'string', nullable: true },
    code: { type: 'string' },
    reason: { type: 'string' },
    payload: { type: 'string', description: 'The record value as it was consumed' },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    status: { type: 'string', enum: ['open', 'redriven', 'discarded'] },
    occurrences: { type: 'integer' },
    redriveCount: { type: 'integer' },
    firstFailedAt: { type: 'string', format: 'date-time' },
    lastFailedAt: { type: 'string', format: 'date-time' },
    redrivenAt: { type: 'string', format: 'date-time', nullable: true },
  },
};
const problem = { 'application/problem+json': { schema: problemSchema } };
const ApiLetterId = ApiParam({ name: 'id', description: 'Dead letter id', schema: { type: 'string', pattern: UUID_PATTERN } });

/**
 * Records that a consumer could never process as they were (a value out of range, a broken
 * contract, a bug), kept with their reason instead of blocking the stations behind them. Every
 * service records into one table, so any service's API lists them all.
 */
@ApiTags('dead-letters')
@ApiSecurity('apiKey')
@Controller('api/v1/dead-letters')
export class DeadLettersController {
  constructor(@Inject(DEAD_LETTERS) private readonly deadLetters: DeadLetters) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({
    operationId: 'listDeadLetters',
    summary: 'List dead letters, the most recently failed first',
    description:
      'Pages through records that a consumer could not process, the most recently failed first; filter by status, consumer group, station, OCPP action and failure code.',
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0 } })
  @ApiQuery({ name: 'status', required: false, schema: filters.status })
  @ApiQuery({ name: 'groupId', required: false, schema: filters.groupId })
  @ApiQuery({ name: 'stationId', required: false, schema: filters.stationId })
  @ApiQuery({ name: 'action', required: false, schema: filters.action })
  @ApiQuery({ name: 'code', required: false, schema: filters.code })
  @ApiResponse({ status: 200, schema: pageSchema(deadLetterSchema) })
  @ApiResponse({ status: 400, description: 'Invalid filter', content: problem })
  async list(@Query(new SchemaPipe(listSchema, 'query')) query: DeadLetterFilter): Promise<Page<DeadLetterView>> {
    const { items, total } = await this.deadLetters.list(query);
    return page(items, total, query);
  }

  @Get(':id')
  @RequireScope('read')
  @ApiLetterId
  @ApiOperation({
    operationId: 'getDeadLetter',
    summary: 'One dead letter, with the record as it was consumed',
    description:
      'One dead letter with its reason, where it failed (consumer group, stage, topic, partition, offset) and the record as it was consumed.',
  })
  @ApiResponse({ status: 200, schema: deadLetterSchema })
  @ApiResponse({ status: 404, description: 'No such dead letter', content: problem })
  async get(@Param('id') id: string): Promise<DeadLetterView> {
    return (await this.deadLetters.get(id)) ?? fail(id);
  }

  @Post(':id/redrive')
  @HttpCode(202)
  @RequireScope('write')
  @ApiLetterId
  @ApiOperation({
    operationId: 'redriveDeadLetter',
    summary: 'Deliver the record again to the consumer group that failed it (after the cause is fixed)',
    description:
      'Publishes the record again for the consumer group that failed it, once the cause is fixed. If it fails again, the dead letter opens again with one more occurrence.',
  })
  @ApiResponse({ status: 202, schema: deadLetterSchema, description: 'Published again; if it fails again the letter reopens' })
  @ApiResponse({ status: 404, description: 'No such dead letter', content: problem })
  async redrive(@Param('id') id: string): Promise<DeadLetterView> {
    return (await this.deadLetters.redrive(id)) ?? fail(id);
  }

  @Post(':id/discard')
  @HttpCode(200)
  @RequireScope('write')
  @ApiLetterId
  @ApiOperation({
    operationId: 'discardDeadLetter',
    summary: 'Mark a dead letter as needing nothing more',
    description: 'Marks a dead letter as discarded: nothing more is to be done with the record.',
  })
  @ApiResponse({ status: 200, schema: deadLetterSchema })
  @ApiResponse({ status: 404, description: 'No such dead letter', content: problem })
  async discard(@Param('id') id: string): Promise<DeadLetterView> {
    return (await this.deadLetters.discard(id)) ?? fail(id);
  }
}

function fail(id: string): never {
  throw notFound(`No dead letter ${id}`);
}
