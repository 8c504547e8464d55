import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import type { OcpiServiceHandle } from '../../ocpi.service';
import { OCPI_ALLOW_PENDING } from './ocpi-endpoint';
import { OCPI_HANDLE } from './ocpi-handle';
import { routingHeaders, tokenCandidates } from '../../domain/ocpi-headers';
import { ocpiIdsOf, type OcpiRequest } from './ocpi-request';
import { OcpiError, OcpiStatus } from '../../domain/ocpi-status';

/**
 * The partner behind `Authorization: Token <x>`: x base64-decoded (2.2.1), else as is (2.1.1-style
 * clients). A missing or unknown token is refused with HTTP 401 (status 2000). A token that only
 * opens the registration (token A of a pending partner, or a token we offered and they have not
 * taken yet) works only where OCPI_ALLOW_PENDING is set (versions, version details, credentials):
 * elsewhere HTTP 401 too, as transport_and_format says. Sets `request.ocpiCall`.
 */
@Injectable()
export class OcpiAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<OcpiRequest>();
    const { requestId, correlationId } = ocpiIdsOf(request, http.getResponse<ServerResponse>());
    const log = this.handle.registration.logger;
    const candidates = tokenCandidates(headerOf(request.headers.authorization));
    if (candidates.length === 0) {
      log.warn(
        { event: 'security.auth_failed', requestId, correlationId, path: pathOf(request) },
        'OCPI request without a credentials token',
      );
      throw new OcpiError(
        OcpiStatus.ClientError,
        401,
        'Authorization header missing: send "Authorization: Token <base64 of the credentials token>"',
      );
    }
    let resolved: Awaited<ReturnType<OcpiServiceHandle['registration']['directory']['resolveToken']>>;
    let token = '';
    for (const candidate of candidates) {
      resolved = await this.handle.registration.directory.resolveToken(candidate);
      if (resolved) {
        token = candidate;
        break;
      }
    }
    if (!resolved) {
      log.warn(
        { event: 'security.auth_failed', requestId, correlationId, path: pathOf(request) },
        'OCPI request with an unknown credentials token',
      );
      throw new OcpiError(OcpiStatus.ClientError, 401, 'Unknown credentials token');
    }
    const { partner, kind } = resolved;
    const registrationOnly = partner.status !== 'REGISTERED' || kind === 'A';
    const allowPending = this.reflector.getAllAndOverride<boolean>(OCPI_ALLOW_PENDING, [context.getHandler(), context.getClass()]) === true;
    if (registrationOnly && !allowPending) {
      log.warn(
        { event: 'security.auth_failed', requestId, correlationId, partnerId: partner.partnerId, path: pathOf(request) },
        'OCPI request with a registration token outside versions/credentials',
      );
      throw new OcpiError(
        OcpiStatus.ClientError,
        401,
        'This credentials token only opens versions and credentials until the registration is complete',
      );
    }
    const routing = routingHeaders(request.headers);
    if (routing.problems.length > 0) throw OcpiError.badRequest(routing.problems.join('; '));
    request.ocpiCall = {
      partner,
      token,
      requestId,
      correlationId,
      ...(routing.from ? { from: routing.from } : {}),
      ...(routing.to ? { to: routing.to } : {}),
    };
    return true;
  }
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function pathOf(request: OcpiRequest): string {
  return (request.originalUrl ?? request.url ?? '/').split('?')[0];
}
