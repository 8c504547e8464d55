import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { RequireScope, SchemaPipe } from '@voltlane/api-kit';
import type { AuthorizationDecision, AuthorizationRequest } from '../application/tokens/real-time-authorizer';
import { AUTHORIZATION_STATUSES } from '../domain/authorization-mapping';
import type { OcpiServiceHandle } from '../ocpi.service';
import { OCPI_HANDLE } from './ocpi/ocpi-endpoint';
import { problem } from './partner-problems';

const schema = (object: object): SchemaObject & Record<string, unknown> => object as SchemaObject & Record<string, unknown>;

export const authorizationRequestSchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['idToken', 'stationId'],
  properties: {
    idToken: { type: 'string', minLength: 1, maxLength: 36, description: 'The id token the charge point presented (the OCPI token uid)' },
    type: {
      type: 'string',
      pattern: '^[A-Za-z0-9]{1,20}$',
      description: 'Its OCPP id token type (ISO14443, ISO15693, eMAID, Central, KeyCode, Local …); absent for OCPP 1.6',
    },
    stationId: { type: 'string', minLength: 1, maxLength: 255, description: 'The charge point asking' },
    evseId: { type: 'integer', minimum: 0, description: 'The EVSE (1.6: connector) the token is to be used at, when known' },
  },
});

export const authorizationDecisionSchema = schema({
  type: 'object',
  required: ['status', 'source'],
  properties: {
    status: { type: 'string', enum: [...AUTHORIZATION_STATUSES] },
    source: {
      type: 'string',
      enum: ['emsp', 'policy'],
      description:
        'emsp: the eMSP answered; policy: it could not be asked and OCPI_SERVICE_OFFLINE_AUTHORIZATION decided (or no partner to ask)',
    },
    countryCode: { type: 'string', description: 'The eMSP party whose token it is (or that decided)' },
    partyId: { type: 'string' },
    authorizationReference: {
      type: 'string',
      description: 'The eMSP’s reference for this authorization (sent back in the session and CDR)',
    },
    cacheExpiresAt: {
      type: 'string',
      format: 'date-time',
      description: 'Until when the answer may be reused for this token (Accepted only)',
    },
    info: { type: 'string', description: 'The eMSP’s message, or why the policy decided' },
  },
});

/**
 * Real-time authorization of a roaming token for the CSMS (the customer-service asks when a token
 * is not cached or its eMSP wants to be asked). API key: write.
 */
@ApiTags('ocpi')
@ApiSecurity('apiKey')
@Controller('api/v1/ocpi/authorizations')
export class AuthorizationsController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Post()
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({
    operationId: 'authorizeOcpiToken',
    summary: 'Authorize a roaming token in real time with its eMSP',
    description:
      'Asks the eMSP of the token (the partner speaking for its party with a tokens SENDER endpoint; for a uid not stored, each hub in turn) with POST {tokens}/{uid}/authorize and the station’s LocationReferences, within OCPI_SERVICE_AUTHORIZATION_TIMEOUT_MS. ALLOWED → Accepted (the token is stored, authorized for OCPI_SERVICE_AUTHORIZATION_CACHE_S and published on ocpi.tokens.v1), BLOCKED → Blocked, EXPIRED → Expired, NO_CREDIT → NoCredit, NOT_ALLOWED → NotAllowedTypeEVSE. When the eMSP cannot be asked, OCPI_SERVICE_OFFLINE_AUTHORIZATION decides (source policy). Unknown: no partner knows the token.',
  })
  @ApiBody({ schema: authorizationRequestSchema })
  @ApiResponse({ status: 200, description: 'The decision', schema: authorizationDecisionSchema })
  @problem(400, 'Invalid body (the problem names the field)')
  authorize(@Body(new SchemaPipe(authorizationRequestSchema)) body: AuthorizationRequest): Promise<AuthorizationDecision> {
    return this.handle.tokens.authorizer.authorize(body);
  }
}
