import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ProblemError } from '@voltlane/api-kit';
import { catchError, throwError, type Observable } from 'rxjs';
import { CustomerError, CustomerErrorCode } from '../domain/customer-error';

/** The one place a CustomerErrorCode becomes an HTTP status (a new code fails to compile here). */
export function customerErrorStatus(code: CustomerErrorCode): { status: number; title: string } {
  switch (code) {
    case CustomerErrorCode.CustomerNotFound:
    case CustomerErrorCode.TokenNotFound:
      return { status: 404, title: 'Not Found' };
    case CustomerErrorCode.TokenAlreadyExists:
      return { status: 409, title: 'Conflict' };
    case CustomerErrorCode.InvalidInput:
      return { status: 400, title: 'Bad Request' };
    default: {
      const unknown: never = code;
      throw new Error(`unmapped customer error code ${String(unknown)}`);
    }
  }
}

export function customerProblem(error: CustomerError): ProblemError {
  const { status, title } = customerErrorStatus(error.code);
  return new ProblemError(status, title, error.message, { code: error.code });
}

/** Turns a CustomerError thrown by a handler into its problem (other errors pass unchanged). */
@Injectable()
export class CustomerProblemInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(catchError((error: unknown) => throwError(() => (error instanceof CustomerError ? customerProblem(error) : error))));
  }
}
