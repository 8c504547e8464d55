import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SchemaPipe, apiQueries, page, pageSchema, type Page, type PageQuery } from '@voltlane/api-kit';
import type { RemoteOutcome } from '../application/registration/partner-admin';
import { RegistrationError } from '../application/registration/registration-error';
import type { PartnerStatus } from '../application/partners';
import { OCPI_HANDLE } from './ocpi/ocpi-endpoint';
import type { OcpiServiceHandle } from '../ocpi.service';
import { PartnerProblemInterceptor, problem } from './partner-problems';
import { partnerView, type PartnerView } from './partner-views';
import {
  partnerCreateSchema,
  partnerListQuerySchema,
  partnerRegisterSchema,
  partnerSchema,
  partnerTokenSchema,
  partnerUnregisteredSchema,
} from './partners.schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ApiPartnerId = ApiParam({ name: 'partnerId', schema: { type: 'string', format: 'uuid' } });

/** A partner id from the path: one that cannot exist is an unknown partner (404). */
function partnerIdParam(partnerId: string): string {
  if (!UUID.test(partnerId)) throw new RegistrationError('NotFound', `No OCPI partner ${partnerId}`);
  return partnerId.toLowerCase();
}

interface TokenAnswer {
  partnerId: string;
  tokenA: string;
  versionsUrl: string;
  partner: PartnerView;
}

/**
 * OCPI partners for the operator: create one (token A + our versions URL to hand over), register
 * with a partner (its token A), update our credentials at it, unregister, list. API keys: read for
 * GET, write for the rest.
 */
@ApiTags('ocpi')
@ApiSecurity('apiKey')
@UseInterceptors(PartnerProblemInterceptor)
@Controller('api/v1/ocpi/partners')
export class PartnersController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Post()
  @ApiOperation({
    operationId: 'createOcpiPartner',
    summary: 'Create an OCPI partner (token A to register with us)',
    description:
      'Creates a pending partner and its registration token A. Give tokenA and versionsUrl to the partner (securely): it registers with POST …/ocpi/2.2.1/credentials. Or register with it yourself: POST …/{partnerId}/register.',
  })
  @ApiBody({ schema: partnerCreateSchema })
  @ApiResponse({ status: 201, description: 'Created; tokenA is shown only now', schema: partnerTokenSchema })
  @problem(400, 'Invalid body (the problem names the field)')
  async create(@Body(new SchemaPipe(partnerCreateSchema)) body: { name: string }): Promise<TokenAnswer> {
    const created = await this.handle.registration.admin.create(body.name.trim());
    return {
      partnerId: created.partner.partnerId,
      tokenA: created.tokenA,
      versionsUrl: created.versionsUrl,
      partner: partnerView(created.partner),
    };
  }

  @Get()
  @ApiOperation({
    operationId: 'listOcpiPartners',
    summary: 'List OCPI partners (newest first)',
    description: 'Pages through the partners, newest first.',
  })
  @apiQueries(partnerListQuerySchema)
  @ApiResponse({ status: 200, description: 'A page of partners', schema: pageSchema(partnerSchema) })
  @problem(400, 'Invalid query')
  async list(
    @Query(new SchemaPipe(partnerListQuerySchema, 'query')) query: PageQuery & { status?: PartnerStatus },
  ): Promise<Page<PartnerView>> {
    const { items, total } = await this.handle.registration.admin.list(query, query.status);
    return page(items.map(partnerView), total, query);
  }

  @Get(':partnerId')
  @ApiOperation({
    operationId: 'getOcpiPartner',
    summary: 'One OCPI partner',
    description: 'A partner: its state, roles (parties) and endpoints. Tokens are never shown.',
  })
  @ApiPartnerId
  @ApiResponse({ status: 200, description: 'The partner', schema: partnerSchema })
  @problem(404, 'No such partner')
  async get(@Param('partnerId') partnerId: string): Promise<PartnerView> {
    return partnerView(await this.handle.registration.admin.get(partnerIdParam(partnerId)));
  }

  @Post(':partnerId/register')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'registerWithOcpiPartner',
    summary: 'Register with an OCPI partner (its token A)',
    description:
      'We register with the partner: read its versions and 2.2.1 details with its token A, POST our credentials with a new token for it, and keep the token it answers to call it with.',
  })
  @ApiPartnerId
  @ApiBody({ schema: partnerRegisterSchema })
  @ApiResponse({ status: 200, description: 'Registered', schema: partnerSchema })
  @problem(400, 'Invalid body (the problem names the field)')
  @problem(404, 'No such partner')
  @problem(409, 'The partner is already registered')
  @problem(422, 'The partner refused the token, offers no OCPI 2.2.1, or no usable endpoints')
  @problem(502, 'The partner could not be reached or answered an error (the problem says which call and what)')
  async register(
    @Param('partnerId') partnerId: string,
    @Body(new SchemaPipe(partnerRegisterSchema)) body: { versionsUrl: string; token: string },
  ): Promise<PartnerView> {
    return partnerView(await this.handle.registration.admin.registerWith(partnerIdParam(partnerId), body.versionsUrl, body.token));
  }

  @Put(':partnerId/credentials')
  @ApiOperation({
    operationId: 'updateOcpiPartnerCredentials',
    summary: 'Renew our credentials at an OCPI partner',
    description:
      'PUTs our credentials with a new token to the partner (rotating the token it calls us with); its answer gives the token we call it with, and its endpoints are read again.',
  })
  @ApiPartnerId
  @ApiResponse({ status: 200, description: 'Updated', schema: partnerSchema })
  @problem(404, 'No such partner')
  @problem(409, 'The partner is not registered')
  @problem(422, 'The partner refused our token')
  @problem(502, 'The partner could not be reached or answered an error')
  async updateCredentials(@Param('partnerId') partnerId: string): Promise<PartnerView> {
    return partnerView(await this.handle.registration.admin.updateCredentials(partnerIdParam(partnerId)));
  }

  @Post(':partnerId/registration-token')
  @ApiOperation({
    operationId: 'newOcpiPartnerRegistrationToken',
    summary: 'A new token A for a partner that is not registered',
    description: 'Issues a new registration token A (the old one stops working) for a pending or unregistered partner, to register again.',
  })
  @ApiPartnerId
  @ApiResponse({ status: 201, description: 'The new token A (shown only now)', schema: partnerTokenSchema })
  @problem(404, 'No such partner')
  @problem(409, 'The partner is registered')
  async newRegistrationToken(@Param('partnerId') partnerId: string): Promise<TokenAnswer> {
    const issued = await this.handle.registration.admin.newRegistrationToken(partnerIdParam(partnerId));
    return {
      partnerId: issued.partner.partnerId,
      tokenA: issued.tokenA,
      versionsUrl: issued.versionsUrl,
      partner: partnerView(issued.partner),
    };
  }

  @Delete(':partnerId')
  @ApiOperation({
    operationId: 'unregisterOcpiPartner',
    summary: 'Unregister an OCPI partner',
    description:
      'Unregisters: DELETEs our credentials at the partner when registered (its answer is reported, whatever it is), then its tokens stop working and nothing more is pushed to it. The partner stays listed as UNREGISTERED.',
  })
  @ApiPartnerId
  @ApiResponse({ status: 200, description: 'Unregistered', schema: partnerUnregisteredSchema })
  @problem(404, 'No such partner')
  async unregister(@Param('partnerId') partnerId: string): Promise<{ partner: PartnerView; remote: RemoteOutcome }> {
    const { partner, remote } = await this.handle.registration.admin.unregister(partnerIdParam(partnerId));
    return { partner: partnerView(partner), remote };
  }
}
