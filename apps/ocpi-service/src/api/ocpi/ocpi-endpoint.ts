import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiExtension, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Public, SECURITY_SCHEMES_EXTENSION } from '@voltlane/api-kit';
import type { Partner } from '../../application/partners';
import { OcpiAuthGuard } from './ocpi-auth.guard';
import { OcpiEnvelopeInterceptor } from './ocpi-envelope.interceptor';
import { OcpiExceptionFilter } from './ocpi-exception.filter';

export { OCPI_HANDLE } from './ocpi-handle';

/** Metadata: the endpoint also takes a pending partner's token A (versions, version details, credentials POST). */
export const OCPI_ALLOW_PENDING = 'voltlane:ocpi-allow-pending';

/** The OpenAPI security scheme of the OCPI endpoints: the partner's credentials token. */
export const OCPI_TOKEN_SECURITY_SCHEME = 'ocpiToken';

const OCPI_TOKEN_SCHEME_DEFINITION = {
  type: 'apiKey',
  in: 'header',
  name: 'Authorization',
  description:
    'OCPI credentials token of a partner: "Token <base64 of the token>" (2.2.1; the plain token is accepted too). Token A (registration) opens only versions and credentials.',
};

/** Who called an OCPI endpoint (set on the request by OcpiAuthGuard). */
export interface OcpiCall {
  partner: Partner;
  /** The token as presented (decoded): the credentials module needs it. */
  token: string;
  requestId: string;
  correlationId: string;
  from?: { countryCode: string; partyId: string };
  to?: { countryCode: string; partyId: string };
}

/** What a list endpoint returns: the interceptor answers `items` and sets Link, X-Total-Count and X-Limit. */
export class OcpiPage<T> {
  constructor(
    readonly items: T[],
    readonly total: number,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

/**
 * An OCPI endpoint (not the operator API): no API key; the partner's `Authorization: Token …`
 * instead (OcpiAuthGuard), answers in the OCPI envelope (OcpiEnvelopeInterceptor), errors as OCPI
 * status codes (OcpiExceptionFilter), X-Request-ID / X-Correlation-ID echoed and logged.
 */
export function OcpiEndpoint(options: { allowPending?: boolean } = {}): ClassDecorator & MethodDecorator {
  return applyDecorators(
    Public(),
    ApiTags('OCPI 2.2.1 (partners)'),
    ApiSecurity(OCPI_TOKEN_SECURITY_SCHEME),
    ApiExtension(SECURITY_SCHEMES_EXTENSION, { [OCPI_TOKEN_SECURITY_SCHEME]: OCPI_TOKEN_SCHEME_DEFINITION }),
    SetMetadata(OCPI_ALLOW_PENDING, options.allowPending === true),
    UseGuards(OcpiAuthGuard),
    UseInterceptors(OcpiEnvelopeInterceptor),
    UseFilters(OcpiExceptionFilter),
  );
}

/** The caller of the current OCPI request (after OcpiAuthGuard). */
export const OcpiCaller = createParamDecorator((_data: unknown, context: ExecutionContext): OcpiCall => {
  const request = context.switchToHttp().getRequest<{ ocpiCall?: OcpiCall }>();
  if (!request.ocpiCall) throw new Error('OcpiCaller used outside an @OcpiEndpoint');
  return request.ocpiCall;
});
