import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ProblemError } from '@voltlane/api-kit';
import { BillingError, BillingErrorCode } from '@voltlane/billing-domain';
import { catchError, throwError, type Observable } from 'rxjs';

/** The one place a BillingErrorCode becomes an HTTP status (a new code fails to compile here). */
export function billingErrorStatus(code: BillingErrorCode): { status: number; title: string } {
  switch (code) {
    case BillingErrorCode.InvalidAmount:
    case BillingErrorCode.UnknownCurrency:
    case BillingErrorCode.UnknownTimeZone:
    case BillingErrorCode.InvalidTariff:
      return { status: 400, title: 'Bad Request' };
    case BillingErrorCode.UnknownTariff:
      return { status: 404, title: 'Not Found' };
    case BillingErrorCode.NoApplicableTariff:
      return { status: 409, title: 'Conflict' };
    case BillingErrorCode.CurrencyMismatch:
    case BillingErrorCode.InvalidUsage:
      return { status: 422, title: 'Unprocessable Entity' };
    default: {
      const unknown: never = code;
      throw new Error(`unmapped billing error code ${String(unknown)}`);
    }
  }
}

export function billingProblem(error: BillingError): ProblemError {
  const { status, title } = billingErrorStatus(error.code);
  return new ProblemError(status, title, error.message, { code: error.code });
}

/** Turns a BillingError thrown by a handler into its problem (other errors pass unchanged). */
@Injectable()
export class BillingProblemInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(catchError((error: unknown) => throwError(() => (error instanceof BillingError ? billingProblem(error) : error))));
  }
}
