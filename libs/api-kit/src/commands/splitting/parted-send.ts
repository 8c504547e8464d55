import type { CommandOutcome, CommandResultEnvelope } from '@voltlane/contracts';
import type { ListRequest } from './list-requests';
import { mergeAnswers } from './part-answers';
import type { RequestPart } from './request-parts';

type Json = Record<string, unknown>;

/** What became of one part of a split request (in the HTTP answer as `parts`). */
export interface PartOutcome {
  /** Index of the part's first list entry in the request as given, and how many it carried. */
  first: number;
  items: number;
  /** Bytes of its CALL frame. */
  bytes: number;
  /** `not-sent`: an earlier part failed (or, for a local list, was not Accepted). */
  outcome: CommandOutcome | 'not-sent';
  /** The station's `status`, when its answer has one. */
  status?: string;
  /** Fields other than the list that differ from the request as given (GetReport's requestId, SendLocalList's updateType and version). */
  changed?: Json;
}

/** A command's result: one envelope; for a split request, the merged one with what became of each part. */
export type PartedResult = CommandResultEnvelope & { parts?: PartOutcome[] };

/**
 * Sends the parts one after the other (each waits for the answer to the one before) and merges
 * the answers into one envelope for the request as given. Stops at the first part that is not
 * answered (CALLERROR, timeout, offline, not sent): the merged envelope then has that part's
 * outcome, with the answers of the parts before it as its payload. A sequential request (a local
 * list) also stops at the first answer that is not Accepted.
 */
export async function sendParts(
  request: ListRequest,
  original: Json,
  parts: readonly RequestPart[],
  send: (payload: Json) => Promise<CommandResultEnvelope>,
): Promise<PartedResult> {
  const results: CommandResultEnvelope[] = [];
  for (const part of parts) {
    const result = await send(part.payload);
    results.push(result);
    if (result.outcome !== 'result') break;
    if (request.sequential && result.payload?.status !== 'Accepted') break;
  }
  const answered = results.filter((r) => r.outcome === 'result').map((r) => r.payload ?? {});
  const failed = results.find((r) => r.outcome !== 'result');
  const decisive = failed ?? results[results.length - 1];
  const outcomes = parts.map((part, i): PartOutcome => {
    const result = results[i];
    const status = result?.payload?.status;
    const changed = changedFields(request, original, part.payload);
    return {
      first: part.first,
      items: part.items,
      bytes: part.bytes,
      outcome: result?.outcome ?? 'not-sent',
      ...(result?.outcome === 'result' && typeof status === 'string' ? { status } : {}),
      ...(changed ? { changed } : {}),
    };
  });
  const envelope: CommandResultEnvelope = { ...decisive };
  delete envelope.payload;
  return {
    ...envelope,
    correlationId: results[0].correlationId,
    request: { action: request.action, payload: original },
    ...(answered.length > 0 ? { payload: mergeAnswers(request, answered) } : {}),
    parts: outcomes,
  };
}

function changedFields(request: ListRequest, original: Json, part: Json): Json | undefined {
  const changed: Json = {};
  for (const [key, value] of Object.entries(part)) if (key !== request.field && original[key] !== value) changed[key] = value;
  return Object.keys(changed).length > 0 ? changed : undefined;
}
