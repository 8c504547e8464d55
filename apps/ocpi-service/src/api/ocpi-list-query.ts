import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { OcpiCall } from './ocpi/ocpi-endpoint';
import { OcpiError } from '../domain/ocpi-status';

/** The most objects one page of an OCPI list holds (also the default; X-Limit). */
export const OCPI_PAGE_LIMIT = 100;

/** A paginated OCPI GET's parameters (transport_and_format, Pagination), checked. */
export interface OcpiListQuery {
  from?: Date;
  to?: Date;
  offset: number;
  limit: number;
}

/** OCPI DateTime (RFC 3339; without a zone designator it is UTC). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/i;

/** The date part names a day of the calendar (`Date` would roll 02-30 over into March). */
function realDay(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A query parameter's one value; undefined when absent; a repeated one is a problem. */
function single(name: string, value: unknown, problems: string[]): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string') return value;
  problems.push(`${name} must be given once`);
  return undefined;
}

function dateParam(name: string, value: unknown, problems: string[]): Date | undefined {
  const text = single(name, value, problems);
  if (text === undefined) return undefined;
  const date = DATE_TIME.test(text) && realDay(text) ? new Date(/(Z|[+-]\d{2}:\d{2})$/i.test(text) ? text : `${text}Z`) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    problems.push(`${name} must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z (got "${text}")`);
    return undefined;
  }
  return date;
}

function intParam(name: string, value: unknown, min: number, problems: string[]): number | undefined {
  const text = single(name, value, problems);
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min) {
    problems.push(`${name} must be an integer of at least ${min} (got "${text}")`);
    return undefined;
  }
  return Number(text);
}

/**
 * The paging parameters of an OCPI list GET: date_from (inclusive) and date_to (exclusive) on
 * last_updated, offset (default 0) and limit (default and at most 100: a larger one is cut to
 * 100, which X-Limit says). A malformed one is refused with 2001 naming it.
 */
export function ocpiListQuery(query: Record<string, unknown>): OcpiListQuery {
  const problems: string[] = [];
  const from = dateParam('date_from', query['date_from'], problems);
  const to = dateParam('date_to', query['date_to'], problems);
  const offset = intParam('offset', query['offset'], 0, problems) ?? 0;
  const limit = Math.min(OCPI_PAGE_LIMIT, intParam('limit', query['limit'], 1, problems) ?? OCPI_PAGE_LIMIT);
  if (problems.length > 0) throw OcpiError.badRequest(problems.join('; '));
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), offset, limit };
}

/**
 * The parties whose objects a partner may pull: the party of the OCPI-from-* headers when it is
 * one of the partner's (a hub asking for one of its parties), else every party of its credentials.
 */
export function callerParties(call: OcpiCall): { countryCode: string; partyId: string }[] {
  const parties = call.partner.roles.map((r) => ({ countryCode: r.countryCode.toUpperCase(), partyId: r.partyId.toUpperCase() }));
  const from = call.from && { countryCode: call.from.countryCode.toUpperCase(), partyId: call.from.partyId.toUpperCase() };
  const own = from && parties.find((p) => p.countryCode === from.countryCode && p.partyId === from.partyId);
  return own ? [own] : parties;
}

/** OpenAPI: the paging query parameters of an OCPI list. */
export const ApiOcpiListQuery = applyDecorators(
  ApiQuery({
    name: 'date_from',
    required: false,
    schema: { type: 'string', format: 'date-time' },
    description: 'last_updated at or after (inclusive)',
  }),
  ApiQuery({
    name: 'date_to',
    required: false,
    schema: { type: 'string', format: 'date-time' },
    description: 'last_updated before (exclusive)',
  }),
  ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } }),
  ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: OCPI_PAGE_LIMIT, default: OCPI_PAGE_LIMIT } }),
);
