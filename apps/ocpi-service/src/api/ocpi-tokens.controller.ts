import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Put, Query, Res, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { OCPI_TOKEN_TYPES } from '@voltlane/contracts';
import { tokenTypeParam, type OcpiToken, type TokenAddress } from '../domain/token-object';
import { OCPI_HANDLE, OcpiCaller, OcpiEndpoint, type OcpiCall } from './ocpi/ocpi-endpoint';
import { ApiOcpiError, ApiOcpiRequest, ocpiEnvelopeSchema } from './ocpi/ocpi-openapi';
import { OcpiError } from '../domain/ocpi-status';
import type { OcpiServiceHandle } from '../ocpi.service';

const tokenSchema: Record<string, unknown> = {
  type: 'object',
  description: 'OCPI 2.2.1 Token (mod_tokens)',
  required: ['country_code', 'party_id', 'uid', 'type', 'contract_id', 'issuer', 'valid', 'whitelist', 'last_updated'],
  properties: {
    country_code: { type: 'string', maxLength: 2 },
    party_id: { type: 'string', maxLength: 3 },
    uid: { type: 'string', maxLength: 36 },
    type: { type: 'string', enum: [...OCPI_TOKEN_TYPES] },
    contract_id: { type: 'string', maxLength: 36 },
    visual_number: { type: 'string', maxLength: 64 },
    issuer: { type: 'string', maxLength: 64 },
    group_id: { type: 'string', maxLength: 36 },
    valid: { type: 'boolean' },
    whitelist: { type: 'string', enum: ['ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE', 'NEVER'] },
    language: { type: 'string', maxLength: 2 },
    default_profile_type: { type: 'string', enum: ['CHEAP', 'FAST', 'GREEN', 'REGULAR'] },
    energy_contract: {
      type: 'object',
      required: ['supplier_name'],
      properties: { supplier_name: { type: 'string', maxLength: 64 }, contract_id: { type: 'string', maxLength: 64 } },
    },
    last_updated: { type: 'string', format: 'date-time' },
  },
};

/** The URL's token address, checked (2001 for a segment that is no CiString of its length, or an unknown `type`). */
function addressOf(countryCode: string, partyId: string, uid: string, type: string | undefined): TokenAddress {
  const problems: string[] = [];
  if (!/^[A-Za-z]{2}$/.test(countryCode)) problems.push('country_code must be two letters');
  if (!/^[A-Za-z0-9]{3}$/.test(partyId)) problems.push('party_id must be three letters or digits');
  if (!/^[\x20-\x7E]{1,36}$/.test(uid)) problems.push('token_uid must be 1 to 36 printable ASCII characters');
  const tokenType = tokenTypeParam(type);
  if (!tokenType) problems.push(`type must be one of ${OCPI_TOKEN_TYPES.join(', ')}`);
  if (problems.length > 0 || !tokenType) throw OcpiError.badRequest(problems.join('; '));
  return { countryCode: countryCode.toUpperCase(), partyId: partyId.toUpperCase(), uid, type: tokenType };
}

const PATH = ':country_code/:party_id/:token_uid';
const withPath = applyDecorators(
  ApiParam({ name: 'country_code', description: "The eMSP's country code (one of the caller's parties)" }),
  ApiParam({ name: 'party_id', description: "The eMSP's party id (one of the caller's parties)" }),
  ApiParam({ name: 'token_uid', description: 'Token.uid' }),
  ApiQuery({ name: 'type', required: false, enum: [...OCPI_TOKEN_TYPES], description: 'Token.type (default RFID)' }),
);

/**
 * The OCPI tokens module, receiver side (this CPO): eMSPs push their tokens (PUT, PATCH) and read
 * them back (GET), for their own parties only. Each change is published on ocpi.tokens.v1, so the
 * customer-service authorizes the token like a local one.
 */
@OcpiEndpoint()
@ApiOcpiRequest({ routed: true })
@Controller('ocpi/cpo/2.2.1/tokens')
export class OcpiTokensController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Get(PATH)
  @withPath
  @ApiOperation({
    operationId: 'ocpiGetToken',
    summary: 'A token as this CPO stores it (eMSPs)',
    description: 'The Token the eMSP pushed (or a command carried), for one of its parties.',
  })
  @ApiResponse({ status: 200, description: 'The Token, in the OCPI envelope', schema: ocpiEnvelopeSchema(tokenSchema) })
  @ApiOcpiError(400, 'A party that is not the caller’s, or a bad URL segment (status_code 2001)')
  @ApiOcpiError(404, 'No such token (status_code 2004)')
  get(
    @OcpiCaller() call: OcpiCall,
    @Param('country_code') countryCode: string,
    @Param('party_id') partyId: string,
    @Param('token_uid') uid: string,
    @Query('type') type?: string,
  ): Promise<OcpiToken> {
    return this.handle.tokens.tokens.get(call.partner, addressOf(countryCode, partyId, uid, type));
  }

  @Put(PATH)
  @withPath
  @ApiOperation({
    operationId: 'ocpiPutToken',
    summary: 'Push a new or changed token (eMSPs)',
    description:
      'The complete Token; its country_code, party_id, uid and type must be the URL’s. HTTP 201 when the token is new, 200 when it replaced the stored one.',
  })
  @ApiBody({ schema: tokenSchema })
  @ApiResponse({ status: 200, description: 'Stored (no data)', schema: ocpiEnvelopeSchema() })
  @ApiResponse({ status: 201, description: 'Stored, new (no data)', schema: ocpiEnvelopeSchema() })
  @ApiOcpiError(400, 'An invalid Token or one of another party (status_code 2001, the message says what is wrong)')
  async put(
    @OcpiCaller() call: OcpiCall,
    @Param('country_code') countryCode: string,
    @Param('party_id') partyId: string,
    @Param('token_uid') uid: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
    @Query('type') type?: string,
  ): Promise<void> {
    const { created } = await this.handle.tokens.tokens.put(call.partner, addressOf(countryCode, partyId, uid, type), body);
    response.status(created ? 201 : 200);
  }

  @Patch(PATH)
  @HttpCode(200)
  @withPath
  @ApiOperation({
    operationId: 'ocpiPatchToken',
    summary: 'Change fields of a token (eMSPs)',
    description:
      'The fields given replace the stored ones; last_updated is required. valid: false invalidates the token (tokens are never deleted).',
  })
  @ApiBody({ schema: { ...tokenSchema, description: 'The fields of the Token to change', required: ['last_updated'] } })
  @ApiResponse({ status: 200, description: 'Stored (no data)', schema: ocpiEnvelopeSchema() })
  @ApiOcpiError(400, 'An invalid field, no last_updated, or another party (status_code 2001)')
  @ApiOcpiError(404, 'No such token: PUT it (status_code 2004)')
  async patch(
    @OcpiCaller() call: OcpiCall,
    @Param('country_code') countryCode: string,
    @Param('party_id') partyId: string,
    @Param('token_uid') uid: string,
    @Body() body: unknown,
    @Query('type') type?: string,
  ): Promise<void> {
    await this.handle.tokens.tokens.patch(call.partner, addressOf(countryCode, partyId, uid, type), body);
  }
}
