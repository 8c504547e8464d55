import type { OcpiResponse } from '../ocpi-client';
import type { PushResponse, StoredPush } from '../../persistence/outbox.repository';
import type { Partner } from '../partners';

/** The module's RECEIVER endpoint URL in the partner's version details. */
export function moduleReceiverUrl(partner: Pick<Partner, 'endpoints'>, module: string): string | undefined {
  return partner.endpoints.find((e) => e.identifier === module && e.role === 'RECEIVER')?.url;
}

/**
 * Where a push goes: its absolute `url` (a command's response_url), else the partner's RECEIVER
 * URL of the module (as it is now: a credentials update may have moved it) + the push's path;
 * undefined when the partner has no such receiver.
 */
export function pushUrl(partner: Pick<Partner, 'endpoints'>, push: Pick<StoredPush, 'url' | 'path' | 'module'>): string | undefined {
  if (push.url !== null) return push.url;
  const base = moduleReceiverUrl(partner, push.module);
  if (base === undefined) return undefined;
  const path = push.path ?? '';
  return path === '' ? base : `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The partner took it: HTTP 2xx with an OCPI success status (1xxx). */
export function isDelivered(response: Pick<OcpiResponse, 'httpStatus' | 'statusCode'>): boolean {
  return (
    response.httpStatus >= 200 &&
    response.httpStatus < 300 &&
    response.statusCode !== undefined &&
    response.statusCode >= 1000 &&
    response.statusCode < 2000
  );
}

/** What is kept of an answer: HTTP status, OCPI status, message and the `Location` header. */
export function responseOf(response: OcpiResponse): PushResponse {
  const location = response.headers['location'];
  return {
    httpStatus: response.httpStatus,
    ...(response.statusCode !== undefined ? { statusCode: response.statusCode } : {}),
    ...(response.statusMessage !== undefined ? { statusMessage: response.statusMessage.slice(0, 500) } : {}),
    ...(location !== undefined ? { location } : {}),
  };
}

/** Why an answer is not a delivery, in words for `last_error`. */
export function refusalOf(response: Pick<OcpiResponse, 'httpStatus' | 'statusCode' | 'statusMessage'>): string {
  const status = response.statusCode === undefined ? 'no OCPI status_code (not an OCPI envelope)' : `status_code ${response.statusCode}`;
  const message = response.statusMessage ? `: ${response.statusMessage.slice(0, 500)}` : '';
  return `HTTP ${response.httpStatus}, ${status}${message}`;
}
