import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope, SchemaPipe, badRequest, notFound } from '@voltlane/api-kit';
import { decodeFrameCursor, encodeFrameCursor, type FramePosition } from '../domain/ocpp-frame-cursor';
import { messageTypeName, type MessageTypeName } from '../domain/ocpp-frame-classification';
import type { StoredFrame } from '../persistence/ocpp-frame.repository';
import { MESSAGE_LOG_API, type MessageLogApiDeps } from './message-log-api.deps';
import {
  DEFAULT_WINDOW_MS,
  MAX_WINDOW_MS,
  messageLogPageSchema,
  stationMessagesQuerySchema,
  type StationMessagesQuery,
} from './message-log-api.schemas';
import { STATION_ID_PATTERN, problemSchema } from './station-api.schemas';

export interface MessageLogItem {
  at: string;
  direction: 'in' | 'out';
  messageType: MessageTypeName | null;
  messageId: string | null;
  action: string | null;
  connectionId: string;
  frame: unknown;
  truncated: boolean;
}

const problem = (status: number, description: string): MethodDecorator =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: problemSchema } } });

/** A 400 naming the parameter, shaped like SchemaPipe's. */
const invalid = (parameter: string, message: string): Error =>
  badRequest(`Invalid query: /${parameter} ${message}`, { errors: [{ path: `/${parameter}`, message }] });

/** OpenAPI query parameters of the query schema (SchemaPipe validates; this documents). */
function ApiMessagesQuery(): MethodDecorator {
  const decorators = Object.entries(stationMessagesQuerySchema.properties ?? {}).map(([name, property]) =>
    ApiQuery({ name, required: false, schema: property }),
  );
  return (target, key, descriptor) => {
    for (const decorate of decorators) decorate(target, key, descriptor);
  };
}

/** The window asked for: `to` defaults to now, `from` to an hour before `to`; at most 7 days. */
export function messageWindow(query: Pick<StationMessagesQuery, 'from' | 'to'>, now = new Date()): { from: Date; to: Date } {
  const to = query.to !== undefined ? new Date(query.to) : now;
  const from = query.from !== undefined ? new Date(query.from) : new Date(to.getTime() - DEFAULT_WINDOW_MS);
  if (from.getTime() >= to.getTime()) throw invalid('from', 'must be before to');
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS) throw invalid('to', 'must be at most 7 days after from');
  return { from, to };
}

/** A stored frame as the API shows it: the frame parsed when it is JSON, its text otherwise. */
export function messageLogItem(frame: StoredFrame): MessageLogItem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.frame);
  } catch {
    parsed = frame.frame;
  }
  return {
    at: frame.at.toISOString(),
    direction: frame.direction,
    messageType: messageTypeName(frame.messageType),
    messageId: frame.messageId,
    action: frame.action,
    connectionId: frame.connectionId,
    frame: parsed,
    truncated: frame.truncated,
  };
}

/** GET /api/v1/stations/{id}/messages: the station's OCPP message log. */
@ApiTags('stations')
@ApiSecurity('apiKey')
@Controller('api/v1/stations')
export class StationMessagesController {
  constructor(@Inject(MESSAGE_LOG_API) private readonly deps: MessageLogApiDeps) {}

  @Get(':id/messages')
  @RequireScope('read')
  @ApiOperation({
    operationId: 'getStationMessages',
    summary: "A station's OCPP message log: every frame in and out in a time window, oldest first",
    description:
      'Every OCPP frame the gateways received from the station or sent to it (valid or not, answers and errors included) in a time window (default: the last hour; at most 7 days), oldest first; filter by action, message id and direction. Pages by cursor: pass `next` as `after`. Frames are kept for STATION_SERVICE_MESSAGE_LOG_RETENTION_DAYS days; the log is best effort (a gateway that cannot publish drops frames).',
  })
  @ApiParam({ name: 'id', description: 'Station identity', schema: { type: 'string', pattern: STATION_ID_PATTERN } })
  @ApiMessagesQuery()
  @ApiResponse({ status: 200, schema: messageLogPageSchema })
  @problem(400, 'Invalid query (the problem names the parameter)')
  @problem(404, 'No such station')
  async list(
    @Param('id') id: string,
    @Query(new SchemaPipe(stationMessagesQuerySchema, 'query')) query: StationMessagesQuery,
  ): Promise<{ items: MessageLogItem[]; next: string | null }> {
    const window = messageWindow(query);
    let after: FramePosition | undefined;
    if (query.after !== undefined) {
      after = decodeFrameCursor(query.after);
      if (!after) throw invalid('after', 'is not a cursor of this API');
    }
    if (!(await this.deps.stationExists(id))) throw notFound(`No station ${id}`);
    const page = await this.deps.messages.window({
      stationId: id,
      ...window,
      limit: query.limit,
      ...(query.action !== undefined ? { action: query.action } : {}),
      ...(query.messageId !== undefined ? { messageId: query.messageId } : {}),
      ...(query.direction !== undefined ? { direction: query.direction } : {}),
      ...(after ? { after } : {}),
    });
    return { items: page.items.map(messageLogItem), next: page.next ? encodeFrameCursor(page.next) : null };
  }
}
