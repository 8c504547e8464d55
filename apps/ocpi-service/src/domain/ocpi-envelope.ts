import type { OcpiEnvelope } from './ocpi-status';
import { OcpiStatus } from './ocpi-status';

/** The success envelope: `data` left out when the handler returned nothing (the spec advises so). */
export function successEnvelope(data: unknown, now: Date = new Date()): OcpiEnvelope {
  return {
    ...(data !== undefined ? { data } : {}),
    status_code: OcpiStatus.Success,
    status_message: 'Success',
    timestamp: ocpiTimestamp(now),
  };
}

/** An error envelope (no data). */
export function errorEnvelope(statusCode: number, message: string, now: Date = new Date()): OcpiEnvelope {
  return { status_code: statusCode, status_message: message, timestamp: ocpiTimestamp(now) };
}

/** OCPI DateTime: RFC 3339 in UTC, `Z`, at most millisecond precision. */
export function ocpiTimestamp(date: Date): string {
  return date.toISOString();
}

/** The headers of a page of a list: X-Total-Count, X-Limit and, unless it is the last page, Link rel="next". */
export function pageHeaders(
  page: { items: readonly unknown[]; total: number; offset: number; limit: number },
  requestUrl: URL,
): Record<string, string> {
  const headers: Record<string, string> = { 'X-Total-Count': String(page.total), 'X-Limit': String(page.limit) };
  const nextOffset = page.offset + page.items.length;
  if (page.items.length > 0 && nextOffset < page.total) {
    const next = new URL(requestUrl.href);
    next.searchParams.delete('offset');
    next.searchParams.delete('limit');
    const filters = [...next.searchParams.entries()];
    next.search = '';
    next.searchParams.set('offset', String(nextOffset));
    next.searchParams.set('limit', String(page.limit));
    for (const [name, value] of filters) next.searchParams.append(name, value);
    headers['Link'] = `<${next.href}>; rel="next"`;
  }
  return headers;
}
