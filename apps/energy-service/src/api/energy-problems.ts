import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ProblemError } from '@voltlane/api-kit';
import { catchError, throwError, type Observable } from 'rxjs';
import { EnergyError, type EnergyErrorKind } from '../application/topology/energy-error';

const STATUS: Record<EnergyErrorKind, { status: number; title: string }> = {
  Invalid: { status: 400, title: 'Bad Request' },
  NotFound: { status: 404, title: 'Not Found' },
  Conflict: { status: 409, title: 'Conflict' },
};

/** The one place an EnergyError becomes a problem: its status, its `code` and the `field` it is about. */
export function energyProblem(error: EnergyError): ProblemError {
  const { status, title } = STATUS[error.kind];
  return new ProblemError(status, title, error.message, { code: error.code, ...(error.field ? { field: error.field } : {}) });
}

/** Turns an EnergyError thrown by a handler into its problem (other errors pass unchanged). */
@Injectable()
export class EnergyProblemInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(catchError((error: unknown) => throwError(() => (error instanceof EnergyError ? energyProblem(error) : error))));
  }
}
