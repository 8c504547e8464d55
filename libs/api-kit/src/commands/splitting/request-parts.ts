import type { MessageLimit } from '@voltlane/messaging';
import type { OcppVersion } from '@voltlane/ocpp';
import type { ListRequest } from './list-requests';

type Json = Record<string, unknown>;

/**
 * A message id as long as any the gateway sends (a UUID, 36 characters: the most OCPP-J allows),
 * so that a frame measured here is never shorter than the one the station receives.
 */
const MESSAGE_ID = '00000000-0000-0000-0000-000000000000';

/** Bytes of the OCPP-J CALL frame `[2, "<id>", "<action>", payload]` as sent (UTF-8). */
export function frameBytes(action: string, payload: Json): number {
  return Buffer.byteLength(JSON.stringify([2, MESSAGE_ID, action, payload]), 'utf8');
}

/** One request of a split list request. */
export interface RequestPart {
  payload: Json;
  /** Index of the part's first list entry in the request as given. */
  first: number;
  items: number;
  /** Bytes of its CALL frame. */
  bytes: number;
}

export type PartPlan =
  /** Sent as given: no limit known, or the request fits. */
  | { kind: 'whole' }
  | { kind: 'parts'; parts: RequestPart[] }
  /** One list entry alone makes a frame over the station's byte limit: it cannot be sent. */
  | { kind: 'too-large'; entry: number; bytes: number; limit: number; limitName: string };

/**
 * Splits `payload` into consecutive parts that each fit the station's `limit`: at most
 * `limit.items` list entries and a CALL frame of at most `limit.bytes` bytes. Entries keep their
 * order; each part takes as many as fit (greedy, so only the last part is short). Part 0 is the
 * payload as given apart from its share of the list; later parts are adapted (`request.adapt`).
 */
export function planParts(protocol: OcppVersion, request: ListRequest, payload: Json, limit: MessageLimit | undefined): PartPlan {
  const list = payload[request.field];
  const maxItems = limit?.items;
  const maxBytes = limit?.bytes;
  if (!Array.isArray(list) || list.length === 0 || (maxItems === undefined && maxBytes === undefined)) return { kind: 'whole' };
  if ((maxItems === undefined || list.length <= maxItems) && (maxBytes === undefined || frameBytes(request.action, payload) <= maxBytes))
    return { kind: 'whole' };

  // A frame is its frame with an empty list, plus the entries' JSON, plus a comma between two.
  const entryBytes = list.map((entry) => Buffer.byteLength(JSON.stringify(entry), 'utf8'));
  const shell = (index: number): Json => ({
    ...(index === 0 ? payload : (request.adapt?.(payload, index, protocol) ?? payload)),
    [request.field]: [],
  });
  const parts: RequestPart[] = [];
  let next = 0;
  while (next < list.length) {
    const index = parts.length;
    const base = shell(index);
    const baseBytes = frameBytes(request.action, base);
    let bytes = baseBytes;
    let end = next;
    while (end < list.length && (maxItems === undefined || end - next < maxItems)) {
      const added = entryBytes[end] + (end > next ? 1 : 0);
      if (maxBytes !== undefined && bytes + added > maxBytes) break;
      bytes += added;
      end += 1;
    }
    if (end === next) {
      return {
        kind: 'too-large',
        entry: next,
        bytes: baseBytes + entryBytes[next],
        limit: maxBytes ?? 0,
        limitName: request.limitName(protocol, 'bytes'),
      };
    }
    parts.push({ payload: { ...base, [request.field]: list.slice(next, end) }, first: next, items: end - next, bytes });
    next = end;
  }
  return { kind: 'parts', parts };
}
