import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { Observable, map } from 'rxjs';
import { withLogContext } from '@voltlane/telemetry';
import type { OcpiServiceHandle } from '../../ocpi.service';
import { OcpiPage } from './ocpi-endpoint';
import { OCPI_HANDLE } from './ocpi-handle';
import { pageHeaders, successEnvelope } from '../../domain/ocpi-envelope';
import { isConfigurationModule, ocpiIdsOf, type OcpiRequest } from './ocpi-request';

/**
 * Wraps a handler's result in the OCPI envelope ({ data, status_code: 1000, status_message,
 * timestamp }); an OcpiPage becomes `data: items` with X-Total-Count, X-Limit and Link
 * (rel="next") while more remain. Echoes X-Request-ID and X-Correlation-ID; on a functional module
 * answers the routing headers (OCPI-to-* = the caller's OCPI-from-*, OCPI-from-* = the party it
 * addressed, else this CPO). The handler runs with requestId, correlationId and partnerId in its log lines.
 */
@Injectable()
export class OcpiEnvelopeInterceptor implements NestInterceptor {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<OcpiRequest>();
    const response = http.getResponse<ServerResponse>();
    const ids = ocpiIdsOf(request, response);
    const call = request.ocpiCall;
    const path = (request.originalUrl ?? request.url ?? '/').split('?')[0];
    if (call && !isConfigurationModule(path)) {
      const us = this.handle.config.ocpi;
      const from = call.to ?? { countryCode: us.countryCode, partyId: us.partyId };
      response.setHeader('OCPI-from-country-code', from.countryCode);
      response.setHeader('OCPI-from-party-id', from.partyId);
      if (call.from) {
        response.setHeader('OCPI-to-country-code', call.from.countryCode);
        response.setHeader('OCPI-to-party-id', call.from.partyId);
      }
    }
    const fields = { requestId: ids.requestId, correlationId: ids.correlationId, ...(call ? { partnerId: call.partner.partnerId } : {}) };
    const handled = new Observable<unknown>((subscriber) => withLogContext(fields, () => next.handle().subscribe(subscriber)));
    return handled.pipe(
      map((result) => {
        if (result instanceof OcpiPage) {
          const url = new URL(`${this.handle.config.ocpi.publicUrl}${request.originalUrl ?? request.url ?? '/'}`);
          if (!response.headersSent) for (const [name, value] of Object.entries(pageHeaders(result, url))) response.setHeader(name, value);
          return successEnvelope(result.items);
        }
        return successEnvelope(result);
      }),
    );
  }
}
