import type { ListRequest } from './list-requests';

type Json = Record<string, unknown>;

const REPORT_FINE = new Set(['Accepted', 'EmptyResultSet']);

/**
 * One answer from the answers of a request's parts, in part order: the answer lists
 * (`request.results`) concatenated — so the n-th result answers the n-th entry of the list as
 * given — and one `status` (with its `statusInfo`) by `request.status`.
 */
export function mergeAnswers(request: ListRequest, answers: readonly Json[]): Json {
  const merged: Json = {};
  for (const field of request.results) {
    const lists = answers.map((a) => a[field]).filter((value): value is unknown[] => Array.isArray(value));
    if (lists.length > 0) merged[field] = lists.flat();
  }
  const decisive = request.status ? decisiveAnswer(request.status, answers) : undefined;
  if (decisive) {
    merged.status = decisive.status;
    if (decisive.statusInfo !== undefined) merged.statusInfo = decisive.statusInfo;
  }
  return merged;
}

function decisiveAnswer(rule: NonNullable<ListRequest['status']>, answers: readonly Json[]): Json | undefined {
  if (answers.length === 0) return undefined;
  if (rule === 'last') return answers[answers.length - 1];
  const other = answers.find((a) => !REPORT_FINE.has(String(a.status)));
  if (other) return other;
  return answers.some((a) => a.status === 'Accepted') ? { status: 'Accepted' } : answers[0];
}
