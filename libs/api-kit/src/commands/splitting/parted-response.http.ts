import { ProblemError } from '../../http/problem';
import type { PartOutcome, PartedResult } from './parted-send';

type Answer = { protocol: string | undefined; result: Record<string, unknown> };

/**
 * The HTTP answer of a split request: the merged answer with `parts` when every part was
 * answered; otherwise the problem of the first part that failed (its status: 502, 504, 409, 429),
 * saying which part it was, with `parts` and the merged answer of the parts before it as `result`.
 */
export function partedResponse(
  result: PartedResult,
  parts: PartOutcome[],
  one: (result: PartedResult) => Answer,
): Answer & { parts: PartOutcome[] } {
  try {
    return { ...one(result), parts };
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    const index = parts.findIndex((p) => p.outcome !== 'result');
    const part = parts[index];
    const which = part ? `Part ${index + 1} of ${parts.length} (entries ${part.first + 1}–${part.first + part.items})` : 'A part';
    const notSent = parts.filter((p) => p.outcome === 'not-sent').length;
    const rest = notSent > 0 ? `; ${notSent} later part${notSent === 1 ? '' : 's'} not sent` : '';
    throw new ProblemError(
      error.status,
      error.title,
      `${which} of ${result.request.action} failed: ${error.detail}${rest}`,
      { ...error.extra, parts, ...(result.payload ? { result: result.payload } : {}) },
      error.headers,
    );
  }
}
