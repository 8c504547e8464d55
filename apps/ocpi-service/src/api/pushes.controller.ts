import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SchemaPipe, apiQueries, page, pageSchema, type Page, type PageQuery } from '@voltlane/api-kit';
import { notFound } from '../application/push/operator-error';
import { OCPI_HANDLE } from './ocpi/ocpi-endpoint';
import type { OcpiServiceHandle } from '../ocpi.service';
import {
  backlogQuerySchema,
  backlogSchema,
  dropSchema,
  pushListQuerySchema,
  pushSchema,
  retriedSchema,
  retrySchema,
} from './push-api.schemas';
import { PushProblemInterceptor, problem } from './push-problems';
import { backlogView, pushView, type PushView } from './push-views';

const ApiPushId = ApiParam({ name: 'pushId', schema: { type: 'integer', minimum: 1 } });

function pushIdParam(pushId: string): number {
  if (!/^[1-9]\d{0,15}$/.test(pushId)) throw notFound('UnknownPush', `no push ${pushId}`);
  return Number(pushId);
}

/**
 * The outbox for operators: every push to a partner (locations, tariffs, sessions, CDRs, command
 * results) with its attempts and last error; the backlog per partner; and two levers: retry a
 * partner's pushes now, give up one push that holds up its object.
 */
@ApiTags('ocpi')
@ApiSecurity('apiKey')
@UseInterceptors(PushProblemInterceptor)
@Controller('api/v1/ocpi/pushes')
export class PushesController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Get()
  @ApiOperation({
    operationId: 'listOcpiPushes',
    summary: 'List pushes to OCPI partners (paged)',
    description:
      'Pushes with their state, attempts, next attempt and last error. pending=true: the backlog, oldest first (the order they go in per object); otherwise newest first. total = how many match.',
  })
  @apiQueries(pushListQuerySchema)
  @ApiResponse({ status: 200, description: 'A page of pushes', schema: pageSchema(pushSchema) })
  @problem(400, 'Invalid query')
  async list(
    @Query(new SchemaPipe(pushListQuerySchema, 'query')) query: PageQuery & { partnerId?: string; pending?: boolean; objectKey?: string },
  ): Promise<Page<PushView>> {
    const { items, total } = await this.handle.push.pushes.page(
      {
        ...(query.partnerId !== undefined ? { partnerId: query.partnerId.toLowerCase() } : {}),
        ...(query.pending !== undefined ? { pending: query.pending } : {}),
        ...(query.objectKey !== undefined ? { objectKey: query.objectKey } : {}),
      },
      query,
    );
    return page(
      items.map((p) => pushView(p)),
      total,
      query,
    );
  }

  @Get('backlog')
  @ApiOperation({
    operationId: 'getOcpiPushBacklog',
    summary: 'Pushes waiting, per partner',
    description:
      'For each partner with pushes not delivered yet: how many, how many failed at least once, the oldest, the next attempt and the latest error.',
  })
  @apiQueries(backlogQuerySchema)
  @ApiResponse({ status: 200, description: 'The backlog', schema: backlogSchema })
  @problem(400, 'Invalid query')
  async backlog(
    @Query(new SchemaPipe(backlogQuerySchema, 'query')) query: { partnerId?: string },
  ): Promise<{ partners: ReturnType<typeof backlogView>[] }> {
    return { partners: (await this.handle.push.pushes.backlog(query.partnerId?.toLowerCase())).map(backlogView) };
  }

  @Post('retry')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'retryOcpiPushes',
    summary: 'Try a partner’s waiting pushes now',
    description: 'Makes every waiting push of the partner due now instead of at the end of its back-off (the partner is back).',
  })
  @ApiBody({ schema: retrySchema })
  @ApiResponse({ status: 200, description: 'How many became due', schema: retriedSchema })
  @problem(400, 'Invalid body')
  async retry(@Body(new SchemaPipe(retrySchema)) body: { partnerId: string }): Promise<{ due: number }> {
    return { due: await this.handle.push.pushes.retryNow(body.partnerId.toLowerCase()) };
  }

  @Get(':pushId')
  @ApiOperation({ operationId: 'getOcpiPush', summary: 'One push, with its body', description: 'One push with what it sends.' })
  @ApiPushId
  @ApiResponse({ status: 200, description: 'The push', schema: pushSchema })
  @problem(404, 'No such push')
  async get(@Param('pushId') pushId: string): Promise<PushView> {
    return pushView(await this.handle.push.pushes.get(pushIdParam(pushId)), true);
  }

  @Post(':pushId/drop')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'dropOcpiPush',
    summary: 'Give up a waiting push',
    description:
      'Closes a waiting push without delivering it (the partner refuses it for good and later pushes of the same object wait behind it); the reason is kept as its last error.',
  })
  @ApiPushId
  @ApiBody({ schema: dropSchema })
  @ApiResponse({ status: 200, description: 'The push, dropped', schema: pushSchema })
  @problem(400, 'Invalid body')
  @problem(404, 'No such push')
  @problem(409, 'The push was already delivered or dropped')
  async drop(@Param('pushId') pushId: string, @Body(new SchemaPipe(dropSchema)) body: { reason: string }): Promise<PushView> {
    return pushView(await this.handle.push.pushes.drop(pushIdParam(pushId), body.reason));
  }
}
