import { badRequest } from '@voltlane/api-kit';
import { LIVE_EVENT_NAMES, sseEventText, sseStreamStart, SSE_KEEP_ALIVE, type LiveEventName } from '../domain/live-events';
import type { LiveFilter } from '../application/live-hub';

/** The query of GET /api/v1/events after SchemaPipe: each parameter once (a string) or repeated (an array). */
export interface LiveQuery {
  stationId?: string | string[];
  types?: string | string[];
}

const oneOrMany = {
  anyOf: [
    { type: 'string', maxLength: 10_000 },
    { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 10_000 } },
  ],
};

/** Validation of the query (its OpenAPI parameters are declared on the controller). */
export const liveQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { stationId: oneOrMany, types: oneOrMany },
};

const MAX_STATIONS = 200;

function valuesOf(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim());
}

/** The client's filter; a bad station id or event type is a 400 naming the parameter. */
export function liveFilterOf(query: LiveQuery): LiveFilter {
  const filter: { stationIds?: Set<string>; names?: Set<LiveEventName> } = {};
  const stations = valuesOf(query.stationId);
  if (stations) {
    const bad = stations.find((id) => id.length === 0 || id.length > 48);
    if (bad !== undefined)
      throw badRequest(`Invalid query: stationId "${bad.slice(0, 60)}" must have 1 to 48 characters`, { parameter: 'stationId' });
    filter.stationIds = new Set(stations);
    if (filter.stationIds.size > MAX_STATIONS)
      throw badRequest(`Invalid query: at most ${MAX_STATIONS} stationIds`, { parameter: 'stationId' });
  }
  const types = valuesOf(query.types);
  if (types) {
    const bad = types.find((t) => !(LIVE_EVENT_NAMES as readonly string[]).includes(t));
    if (bad !== undefined)
      throw badRequest(`Invalid query: types "${bad.slice(0, 60)}" is not one of ${LIVE_EVENT_NAMES.join(', ')}`, { parameter: 'types' });
    filter.names = new Set(types as LiveEventName[]);
  }
  return filter;
}

export const LIVE_EVENTS_DESCRIPTION = [
  'Server-sent events (text/event-stream) of what happens in the network from the moment of the request on, for live views: no history (read GET /api/v1/reports/overview, then follow the events). Browsers read it with fetch() and the X-API-Key header (EventSource cannot send headers); never put the key in the URL.',
  'Every event has an `id` (a counter of the serving instance: it is not a position to resume from, and `Last-Event-ID` is ignored), an `event` name and one `data` line of JSON:',
  '- `station.connection` {stationId, type: Connected|Disconnected, at}',
  '- `station.status` {stationId, evseId? (2.x), connectorId (0 = the whole station), status, errorCode? (1.6, other than NoError), at}',
  '- `session` {sessionId, stationId, type: Started|Updated|Ended, connectorId? (1.6), evseId? (2.x), energyWh (so far; at Ended in total), at}',
  '- `cdr` {cdrId, sessionId, stationId, currency, totalExclTax, totalInclTax (decimal strings), energyWh}',
  'The stream starts with `retry: 3000` and carries a `: keep-alive` comment every 15 s (REPORT_SERVICE_LIVE_KEEPALIVE_MS). Delivery is at least once and best effort: an event may come twice, and a client that does not keep up (REPORT_SERVICE_LIVE_QUEUE_EVENTS events waiting) has its stream closed; when a stream ends, reconnect and read the overview again. Filters: `stationId` and `types`.',
].join('\n\n');

/** What a stream looks like (the OpenAPI example). */
export const LIVE_STREAM_EXAMPLE = [
  sseStreamStart(3_000),
  sseEventText(41, {
    name: 'station.connection',
    data: { stationId: 'CP-0001', type: 'Connected', at: '2026-12-07T10:00:00.000Z' },
  }),
  sseEventText(42, {
    name: 'station.status',
    data: { stationId: 'CP-0001', connectorId: 1, status: 'Charging', at: '2026-12-07T10:00:05.000Z' },
  }),
  sseEventText(43, {
    name: 'session',
    data: {
      sessionId: '0b6f8a52-5f0e-4bde-9d55-1f4a8d2c9e11',
      stationId: 'CP-0001',
      type: 'Updated',
      connectorId: 1,
      energyWh: 1520,
      at: '2026-12-07T10:05:00.000Z',
    },
  }),
  SSE_KEEP_ALIVE,
].join('');
