/** JSON schemas of the network overview (validation and OpenAPI). */

export const overviewQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    tz: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      default: 'UTC',
      description: 'IANA time zone whose calendar day is "today" (e.g. Europe/Amsterdam)',
    },
  },
};

const count = (description: string) => ({ type: 'integer', minimum: 0, description });
const decimal = (description: string) => ({ type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description });

export const overviewSchema = {
  type: 'object',
  required: ['at', 'timeZone', 'stations', 'connectors', 'sessions', 'today'],
  properties: {
    at: { type: 'string', format: 'date-time', description: 'When the overview was taken (UTC)' },
    timeZone: { type: 'string', description: 'The IANA zone of "today" (the tz parameter, default UTC)' },
    stations: {
      type: 'object',
      required: ['total', 'online', 'offline', 'faulted'],
      properties: {
        total: count('Every station the read model knows (from its connections, statuses, sessions or CDRs)'),
        online: count('Stations whose latest connection is open (connected, no disconnect seen)'),
        offline: count('total - online'),
        faulted: count('Stations with at least one connector, or the whole station (connector 0), currently Faulted'),
      },
    },
    connectors: {
      type: 'object',
      required: ['total', 'byStatus'],
      properties: {
        total: count('Connectors that ever reported a status (the whole-station connector 0 not counted)'),
        byStatus: {
          type: 'object',
          additionalProperties: { type: 'integer', minimum: 1 },
          description:
            'Connectors per current status (the last one each reported, also while its station is offline); statuses no connector is in are left out',
          example: { Available: 15, Charging: 6, Faulted: 1, Unavailable: 2 },
        },
      },
    },
    sessions: {
      type: 'object',
      required: ['running', 'startedToday'],
      properties: {
        running: count('Sessions not ended'),
        startedToday: count('Sessions started today (in tz)'),
      },
    },
    today: {
      type: 'object',
      required: ['start', 'end', 'energyWh', 'revenue'],
      properties: {
        start: { type: 'string', format: 'date-time', description: 'Start of today: local midnight in tz (UTC)' },
        end: { type: 'string', format: 'date-time', description: 'End of today, exclusive: the next local midnight (UTC)' },
        energyWh: decimal(
          'Energy of the sessions that started today, Wh, 3 decimals (all of it, also what they charge after midnight; ' +
            'sessions that started before today do not count)',
        ),
        revenue: {
          type: 'array',
          description: 'CDR totals of the sessions that started today, per currency (sorted), exact decimal sums; empty without CDRs',
          items: {
            type: 'object',
            required: ['currency', 'exclTax', 'inclTax'],
            properties: {
              currency: { type: 'string', description: 'ISO 4217 code' },
              exclTax: decimal('Sum of the CDR totals excluding tax'),
              inclTax: decimal('Sum of the CDR totals including tax'),
            },
          },
        },
      },
    },
  },
};
