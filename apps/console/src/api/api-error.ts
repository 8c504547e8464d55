/** An application/problem+json answer of the operator API (RFC 9457), as an Error. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; code?: string; [key: string]: unknown },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

/** The data of an openapi-fetch answer, or its problem thrown as an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const problem = (
      typeof result.error === 'object' && result.error !== null
        ? result.error
        : { detail: typeof result.error === 'string' ? result.error : `HTTP ${result.response.status}` }
    ) as ApiError['problem'];
    throw new ApiError(result.response.status, problem);
  }
  return result.data as T;
}
