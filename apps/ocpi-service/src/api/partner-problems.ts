import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemError, problemSchema } from '@voltlane/api-kit';
import { catchError, throwError, type Observable } from 'rxjs';
import { RegistrationError, type RegistrationErrorKind } from '../application/registration/registration-error';

const STATUS: Record<RegistrationErrorKind, { status: number; title: string; code: string }> = {
  NotFound: { status: 404, title: 'Not Found', code: 'unknown-partner' },
  Conflict: { status: 409, title: 'Conflict', code: 'wrong-partner-state' },
  Invalid: { status: 400, title: 'Bad Request', code: 'invalid' },
  TokenRefused: { status: 422, title: 'Unprocessable Content', code: 'partner-refused-token' },
  UnsupportedVersion: { status: 422, title: 'Unprocessable Content', code: 'unsupported-version' },
  NoMatchingEndpoints: { status: 422, title: 'Unprocessable Content', code: 'no-matching-endpoints' },
  PartnerFailed: { status: 502, title: 'Bad Gateway', code: 'partner-failed' },
};

/** The one place a RegistrationError becomes a problem: its status and `code`; the detail says what failed. */
export function partnerProblem(error: RegistrationError): ProblemError {
  const { status, title, code } = STATUS[error.kind];
  return new ProblemError(status, title, error.message, { code });
}

/** Turns a RegistrationError thrown by a handler into its problem (other errors pass unchanged). */
@Injectable()
export class PartnerProblemInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(catchError((error: unknown) => throwError(() => (error instanceof RegistrationError ? partnerProblem(error) : error))));
  }
}

export const problem = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: problemSchema } } });
