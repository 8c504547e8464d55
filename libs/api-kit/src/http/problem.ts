import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';

/** An RFC 9457 problem: every error of the operator API is sent as application/problem+json. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    /** Response headers that go with the problem (e.g. Retry-After on 429/503). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export const badRequest = (detail: string, extra: Record<string, unknown> = {}): ProblemError =>
  new ProblemError(400, 'Bad Request', detail, extra);
export const notFound = (detail: string): ProblemError => new ProblemError(404, 'Not Found', detail);
export const conflict = (detail: string, extra: Record<string, unknown> = {}): ProblemError =>
  new ProblemError(409, 'Conflict', detail, extra);

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<{ originalUrl?: string; url?: string }>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) this.logger.error({ err: exception, url: request.originalUrl }, 'request failed');
    response
      .status(problem.status)
      .set(problem.headers)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        instance: request.originalUrl ?? request.url,
        ...problem.extra,
      });
  }

  private toProblem(exception: unknown): ProblemError {
    if (exception instanceof ProblemError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message: unknown = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      const detail = Array.isArray(message) ? message.map(String).join('; ') : typeof message === 'string' ? message : exception.message;
      const title =
        (HttpStatus[status] as string | undefined)
          ?.replace(/_/g, ' ')
          .toLowerCase()
          .replace(/^\w/, (c) => c.toUpperCase()) ?? 'Error';
      return new ProblemError(status, title, detail);
    }
    const typed = exception as { type?: string; status?: number; message?: string };
    // body-parser errors (malformed JSON, body too large) carry a status and a type.
    if (typeof typed?.status === 'number' && typed.status >= 400 && typed.status < 500) {
      const detail =
        typed.type === 'entity.too.large'
          ? 'Request body too large'
          : typed.type === 'entity.parse.failed'
            ? 'Request body is not valid JSON'
            : (typed.message ?? 'Bad request');
      return new ProblemError(typed.status, typed.status === 413 ? 'Payload Too Large' : 'Bad Request', detail);
    }
    return new ProblemError(500, 'Internal Server Error', 'The request could not be processed');
  }
}
