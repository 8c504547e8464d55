import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { OCPI_VERSION, ourVersionDetails, ourVersions } from '../application/registration/ocpi-credentials';
import { OCPI_HANDLE, OcpiEndpoint } from './ocpi/ocpi-endpoint';
import { ApiOcpiRequest, ocpiEnvelopeSchema } from './ocpi/ocpi-openapi';
import { ocpiEndpointSchema } from './partners.schemas';
import type { OcpiServiceHandle } from '../ocpi.service';

const versionsSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['version', 'url'],
    properties: { version: { type: 'string', example: '2.2.1' }, url: { type: 'string' } },
  },
};
const detailsSchema = {
  type: 'object',
  required: ['version', 'endpoints'],
  properties: {
    version: { type: 'string', example: '2.2.1' },
    endpoints: { type: 'array', items: ocpiEndpointSchema },
  },
};

/** The OCPI versions module: the versions this CPO speaks and the 2.2.1 endpoints (token A works here too). */
@OcpiEndpoint({ allowPending: true })
@ApiOcpiRequest()
@Controller('ocpi')
export class OcpiVersionsController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Get('versions')
  @ApiOperation({
    operationId: 'ocpiVersions',
    summary: 'OCPI versions (partners)',
    description: 'The OCPI versions this CPO supports (2.2.1) and where their details are. For partners: their credentials token (A or C).',
  })
  @ApiResponse({ status: 200, description: 'The versions, in the OCPI envelope', schema: ocpiEnvelopeSchema(versionsSchema) })
  versions(): { version: string; url: string }[] {
    return ourVersions(this.handle.registration.identity);
  }

  @Get(OCPI_VERSION)
  @ApiOperation({
    operationId: 'ocpiVersionDetails',
    summary: 'OCPI 2.2.1 version details (partners)',
    description: 'The modules of OCPI 2.2.1 this CPO implements, with the role (SENDER/RECEIVER) and URL of each.',
  })
  @ApiResponse({ status: 200, description: 'The endpoints, in the OCPI envelope', schema: ocpiEnvelopeSchema(detailsSchema) })
  details(): ReturnType<typeof ourVersionDetails> {
    return ourVersionDetails(this.handle.registration.identity);
  }
}
