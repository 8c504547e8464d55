import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { OcpiServiceHandle } from '../../ocpi.service';
import { OCPI_HANDLE } from './ocpi-handle';
import { errorEnvelope } from '../../domain/ocpi-envelope';
import { ocpiIdsOf, type OcpiRequest } from './ocpi-request';
import { OcpiError, OcpiStatus } from '../../domain/ocpi-status';

/** The OCPI answer to an error: HTTP status, status_code and message. */
export function ocpiErrorOf(exception: unknown): { httpStatus: number; statusCode: number; message: string } {
  if (exception instanceof OcpiError)
    return { httpStatus: exception.httpStatus, statusCode: exception.statusCode, message: exception.message };
  if (exception instanceof HttpException) {
    const httpStatus = exception.getStatus();
    const body = exception.getResponse();
    const raw: unknown = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
    const message = Array.isArray(raw) ? raw.map(String).join('; ') : typeof raw === 'string' ? raw : exception.message;
    return { httpStatus, statusCode: codeFor(httpStatus), message };
  }
  // A ProblemError (SchemaPipe) or a body-parser error: a status and a detail/message.
  const typed = exception as { status?: unknown; detail?: unknown; message?: unknown; type?: unknown } | undefined;
  if (typeof typed?.status === 'number' && typed.status >= 400 && typed.status < 500) {
    const message =
      typed.type === 'entity.parse.failed'
        ? 'Request body is not valid JSON'
        : typed.type === 'entity.too.large'
          ? 'Request body too large'
          : typeof typed.detail === 'string'
            ? typed.detail
            : typeof typed.message === 'string'
              ? typed.message
              : 'Bad request';
    return { httpStatus: typed.status, statusCode: codeFor(typed.status), message };
  }
  return { httpStatus: 500, statusCode: OcpiStatus.ServerError, message: 'The request could not be processed' };
}

/** 400 and 422: invalid or missing parameters (2001); other 4xx: generic client error (2000); 5xx: 3000. */
function codeFor(httpStatus: number): number {
  if (httpStatus === 400 || httpStatus === 422) return OcpiStatus.InvalidOrMissingParameters;
  if (httpStatus >= 400 && httpStatus < 500) return OcpiStatus.ClientError;
  return OcpiStatus.ServerError;
}

/**
 * Answers any error of an OCPI endpoint in the OCPI envelope (no data): an OcpiError with its
 * status_code and HTTP status; a Nest HttpException (validation, 404, 405) with the matching 2xxx
 * code; anything else 3000 with HTTP 500, logged with the request's ids. X-Request-ID and
 * X-Correlation-ID are echoed on every answer.
 */
@Catch()
export class OcpiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<OcpiRequest>();
    const response = http.getResponse<ServerResponse & { status(code: number): { json(body: unknown): void } }>();
    const ids = ocpiIdsOf(request, response);
    const answer = ocpiErrorOf(exception);
    const path = (request.originalUrl ?? request.url ?? '/').split('?')[0];
    if (answer.httpStatus >= 500)
      this.handle.registration.logger.error(
        { err: exception, ...ids, path, partnerId: request.ocpiCall?.partner.partnerId },
        'OCPI request failed',
      );
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (answer.httpStatus === 401) response.setHeader('WWW-Authenticate', 'Token');
    response.status(answer.httpStatus).json(errorEnvelope(answer.statusCode, answer.message));
  }
}
