import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { SchemaPipe } from '@voltlane/api-kit';
import type { CredentialsCaller } from '../application/registration/incoming-credentials';
import { credentialsSchema, type CredentialsWire } from '../application/registration/ocpi-credentials';
import { RegistrationError } from '../application/registration/registration-error';
import type { TokenKind } from '../persistence/partner.repository';
import { OCPI_HANDLE, OcpiCaller, OcpiEndpoint, type OcpiCall } from './ocpi/ocpi-endpoint';
import { ApiOcpiError, ApiOcpiRequest, ocpiEnvelopeSchema } from './ocpi/ocpi-openapi';
import { OcpiError, OcpiStatus } from '../domain/ocpi-status';
import type { OcpiServiceHandle } from '../ocpi.service';

const credentialsAnswer = ocpiEnvelopeSchema(credentialsSchema);

/**
 * The OCPI credentials module, server side: a partner registers (POST with our token A), updates
 * (PUT), unregisters (DELETE) or reads our credentials (GET). A refused step answers HTTP 405 as
 * the spec says; a failure reading the partner's platform answers 3001/3002/3003 (HTTP 200: the
 * request itself was fine).
 */
@OcpiEndpoint({ allowPending: true })
@ApiOcpiRequest()
@Controller(`ocpi/2.2.1/credentials`)
export class OcpiCredentialsController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Get()
  @ApiOperation({
    operationId: 'ocpiGetCredentials',
    summary: 'Our OCPI credentials (partners)',
    description: 'This CPO’s credentials (token = the one the caller used, versions URL, roles).',
  })
  @ApiResponse({ status: 200, description: 'Our credentials, in the OCPI envelope', schema: credentialsAnswer })
  get(@OcpiCaller() call: OcpiCall): CredentialsWire {
    return this.handle.registration.incoming.show(call);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'ocpiRegisterCredentials',
    summary: 'Register with this CPO (partners, token A)',
    description:
      'A partner registers with its token A: we read its versions and 2.2.1 details with the token it gives us, store it, and answer our credentials with a new token for it (C). Token A stops working. HTTP 405 when already registered.',
  })
  @ApiBody({ schema: credentialsSchema })
  @ApiResponse({ status: 200, description: 'Our credentials with the new token; or status_code 3001/3002/3003', schema: credentialsAnswer })
  @ApiOcpiError(400, 'Invalid credentials object (status_code 2001)')
  @ApiOcpiError(405, 'Already registered (status_code 2000)')
  async register(@OcpiCaller() call: OcpiCall, @Body(new SchemaPipe(credentialsSchema)) body: CredentialsWire): Promise<CredentialsWire> {
    return this.ocpi(async () => this.handle.registration.incoming.register(await this.caller(call), body));
  }

  @Put()
  @ApiOperation({
    operationId: 'ocpiUpdateCredentials',
    summary: 'Update credentials with this CPO (partners)',
    description:
      'A registered partner sends new credentials: we re-read its versions and endpoints with its new token and answer ours with a new token for it. HTTP 405 when not registered.',
  })
  @ApiBody({ schema: credentialsSchema })
  @ApiResponse({ status: 200, description: 'Our credentials with the new token; or status_code 3001/3002/3003', schema: credentialsAnswer })
  @ApiOcpiError(400, 'Invalid credentials object (status_code 2001)')
  @ApiOcpiError(405, 'Not registered (status_code 2000)')
  async update(@OcpiCaller() call: OcpiCall, @Body(new SchemaPipe(credentialsSchema)) body: CredentialsWire): Promise<CredentialsWire> {
    return this.ocpi(async () => this.handle.registration.incoming.update(await this.caller(call), body));
  }

  @Delete()
  @ApiOperation({
    operationId: 'ocpiDeleteCredentials',
    summary: 'Unregister from this CPO (partners)',
    description: 'A registered partner unregisters: its token stops working and nothing more is sent to it. HTTP 405 when not registered.',
  })
  @ApiResponse({ status: 200, description: 'Unregistered (no data)', schema: ocpiEnvelopeSchema() })
  @ApiOcpiError(405, 'Not registered (status_code 2000)')
  async unregister(@OcpiCaller() call: OcpiCall): Promise<void> {
    await this.ocpi(async () => this.handle.registration.incoming.unregister(await this.caller(call)));
  }

  /** The caller with which of its tokens it used (A: registration, C: current credentials). */
  private async caller(call: OcpiCall): Promise<CredentialsCaller & { kind: TokenKind }> {
    const resolved = await this.handle.registration.directory.resolveToken(call.token);
    if (!resolved) throw new OcpiError(OcpiStatus.ClientError, 401, 'Unknown credentials token');
    return { partner: resolved.partner, token: call.token, correlationId: call.correlationId, kind: resolved.kind };
  }

  private async ocpi<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw error instanceof RegistrationError ? ocpiErrorFor(error) : error;
    }
  }
}

/** How a registration step's failure is answered to the partner. */
export function ocpiErrorFor(error: RegistrationError): OcpiError {
  switch (error.kind) {
    case 'Conflict':
      return new OcpiError(OcpiStatus.ClientError, 405, error.message);
    case 'Invalid':
      return OcpiError.badRequest(error.message);
    case 'NotFound':
      return new OcpiError(OcpiStatus.ClientError, 404, error.message);
    case 'UnsupportedVersion':
      return new OcpiError(OcpiStatus.UnsupportedVersion, 200, error.message);
    case 'NoMatchingEndpoints':
      return new OcpiError(OcpiStatus.NoMatchingEndpoints, 200, error.message);
    case 'PartnerFailed':
    case 'TokenRefused':
      return new OcpiError(OcpiStatus.UnableToUseClientApi, 200, error.message);
  }
}
