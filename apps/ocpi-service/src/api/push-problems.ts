import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemError, problemSchema } from '@voltlane/api-kit';
import { catchError, throwError, type Observable } from 'rxjs';
import { OperatorError, type OperatorErrorKind } from '../application/push/operator-error';

const STATUS: Record<OperatorErrorKind, { status: number; title: string }> = {
  Invalid: { status: 400, title: 'Bad Request' },
  NotFound: { status: 404, title: 'Not Found' },
  Conflict: { status: 409, title: 'Conflict' },
};

/** The one place an OperatorError becomes a problem: its status, its `code` and the `field` it is about. */
export function operatorProblem(error: OperatorError): ProblemError {
  const { status, title } = STATUS[error.kind];
  return new ProblemError(status, title, error.message, { code: error.code, ...(error.field ? { field: error.field } : {}) });
}

/** Turns an OperatorError thrown by a handler into its problem (other errors pass unchanged). */
@Injectable()
export class PushProblemInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(catchError((error: unknown) => throwError(() => (error instanceof OperatorError ? operatorProblem(error) : error))));
  }
}

export const problem = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: problemSchema } } });
