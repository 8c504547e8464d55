import { Controller, Get, Inject, Query, Res, type OnModuleDestroy } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProblemError, SchemaPipe, problemSchema } from '@voltlane/api-kit';
import { LIVE_EVENT_NAMES } from '../domain/live-events';
import { LiveHub, type LiveClient, type LiveSink } from '../application/live-hub';
import { LIVE_EVENTS_DESCRIPTION, LIVE_STREAM_EXAMPLE, liveFilterOf, liveQuerySchema, type LiveQuery } from './events-request';

const problem = { 'application/problem+json': { schema: problemSchema } };
/** A stream still unsent after this long once it was ended (a client that reads nothing) is dropped. */
const END_GRACE_MS = 2_000;

/** The network's live events as server-sent events (text/event-stream), for the operator console. */
@ApiTags('reports')
@ApiSecurity('apiKey')
@ApiResponse({
  status: 400,
  description: 'Unknown query parameter, station id or event type (the problem names the parameter)',
  content: problem,
})
@ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
@ApiResponse({ status: 403, description: 'The key lacks the read scope', content: problem })
@ApiResponse({ status: 503, description: 'The service is shutting down: reconnect (to another instance)', content: problem })
@Controller('api/v1/events')
export class EventsController implements OnModuleDestroy {
  /** The streams this API serves: ended when it closes (an open stream would hold the server's close). */
  private readonly streams = new Set<LiveClient>();

  constructor(@Inject(LiveHub) private readonly hub: LiveHub) {}

  @Get()
  @ApiOperation({
    operationId: 'liveEvents',
    summary: 'Live events of the network (server-sent events)',
    description: LIVE_EVENTS_DESCRIPTION,
  })
  @ApiQuery({
    name: 'stationId',
    required: false,
    schema: { type: 'array', maxItems: 200, items: { type: 'string', minLength: 1, maxLength: 48 } },
    description: 'Only events of these stations: repeat the parameter or give a comma-separated list; default every station',
  })
  @ApiQuery({
    name: 'types',
    required: false,
    schema: { type: 'array', items: { type: 'string', enum: [...LIVE_EVENT_NAMES] } },
    description: 'Only these events: repeat the parameter or give a comma-separated list; default every event',
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: 'An endless text/event-stream: `retry`, then the events as they happen and a `: keep-alive` comment every 15 s',
    content: { 'text/event-stream': { schema: { type: 'string' }, example: LIVE_STREAM_EXAMPLE } },
  })
  events(@Query(new SchemaPipe(liveQuerySchema, 'query')) query: LiveQuery, @Res() response: Response): void {
    const filter = liveFilterOf(query);
    if (!this.hub.open)
      throw new ProblemError(503, 'Service Unavailable', 'The report-service is shutting down; reconnect', {}, { 'retry-after': '3' });
    response.status(200);
    response.setHeader('content-type', 'text/event-stream; charset=utf-8');
    response.setHeader('cache-control', 'no-cache, no-transform');
    // nginx (ingress) buffers proxied answers unless told not to.
    response.setHeader('x-accel-buffering', 'no');
    const sink: LiveSink = {
      write: (text) => response.write(text),
      end: () => {
        response.end();
        setTimeout(() => {
          if (!response.writableFinished) response.destroy();
        }, END_GRACE_MS).unref();
      },
      destroy: () => response.destroy(),
    };
    const client = this.hub.attach(sink, filter);
    if (!client) return void response.destroy();
    this.streams.add(client);
    response.on('drain', () => client.drained());
    response.on('close', () => {
      client.gone();
      this.streams.delete(client);
    });
  }

  onModuleDestroy(): void {
    for (const client of [...this.streams]) client.end();
    this.streams.clear();
  }
}
