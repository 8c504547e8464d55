import type { NextFunction, Request, Response } from 'express';

/**
 * Refuses requests with a NUL character (U+0000) in the URL or anywhere in the JSON body (keys
 * included) with a 400 problem. PostgreSQL cannot store or compare NUL in text, so such a value
 * would otherwise fail deep in a query as a 500; no field of the API can legitimately hold one.
 */
export function rejectNulCharacters(request: Request, response: Response, next: NextFunction): void {
  const where =
    /%00/.test(request.originalUrl) || request.originalUrl.includes('\u0000')
      ? 'the URL'
      : containsNul(request.body)
        ? 'the body'
        : undefined;
  if (!where) return next();
  response
    .status(400)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: `NUL characters (U+0000) are not allowed in ${where}`,
      instance: request.originalUrl,
    });
}

/** Iterative (no recursion, whatever the nesting) search for a NUL in strings and keys. */
function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (Array.isArray(next)) {
      for (const item of next as unknown[]) stack.push(item);
    } else if (next !== null && typeof next === 'object') {
      for (const [key, child] of Object.entries(next as Record<string, unknown>)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}
