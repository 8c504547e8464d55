import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import type { OcpiConnector, OcpiEvse, OcpiLocation } from '../domain/location-mapping';
import { OCPI_HANDLE, OcpiEndpoint, OcpiPage } from './ocpi/ocpi-endpoint';
import { ApiOcpiError, ApiOcpiRequest, ocpiEnvelopeSchema } from './ocpi/ocpi-openapi';
import { OcpiError, OcpiStatus } from '../domain/ocpi-status';
import type { OcpiServiceHandle } from '../ocpi.service';
import { ApiOcpiListQuery, ocpiListQuery } from './ocpi-list-query';
import { ocpiConnectorSchema, ocpiEvseSchema, ocpiLocationSchema } from './push-api.schemas';

const unknownLocation = (what: string) => OcpiError.notFound(OcpiStatus.UnknownLocation, `Unknown location: ${what}`);
const ApiLocationParam = ApiParam({ name: 'location_id', description: 'Location.id (CiString(36))' });
const ApiEvseParam = ApiParam({ name: 'evse_uid', description: 'EVSE.uid (CiString(36))' });

/**
 * The Locations module, Sender interface (OCPI 2.2.1): partners pull every location with its EVSEs
 * and connectors (paginated, filtered on last_updated), or one Location, EVSE or Connector. An
 * unknown one is status 2003 with HTTP 404.
 */
@OcpiEndpoint()
@ApiOcpiRequest({ routed: true })
@Controller('ocpi/cpo/2.2.1/locations')
export class OcpiLocationsController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Get()
  @ApiOperation({
    operationId: 'ocpiListLocations',
    summary: 'OCPI locations (partners, paginated)',
    description:
      'Every location with its EVSEs and connectors, last_updated in [date_from, date_to), oldest first; Link (rel="next"), X-Total-Count and X-Limit headers. For partners: their credentials token.',
  })
  @ApiOcpiListQuery
  @ApiResponse({
    status: 200,
    description: 'A page of Locations in the OCPI envelope',
    schema: ocpiEnvelopeSchema({ type: 'array', items: ocpiLocationSchema }),
  })
  @ApiOcpiError(400, 'A malformed date_from, date_to, offset or limit (status_code 2001)')
  async list(@Query() query: Record<string, unknown>): Promise<OcpiPage<OcpiLocation>> {
    const { from, to, offset, limit } = ocpiListQuery(query);
    const { items, total } = await this.handle.push.locations.pullPage({ ...(from ? { from } : {}), ...(to ? { to } : {}) }, offset, limit);
    return new OcpiPage(items, total, offset, limit);
  }

  @Get(':location_id')
  @ApiOperation({
    operationId: 'ocpiGetLocation',
    summary: 'One OCPI location (partners)',
    description: 'The Location with its EVSEs and connectors.',
  })
  @ApiLocationParam
  @ApiResponse({ status: 200, description: 'The Location in the OCPI envelope', schema: ocpiEnvelopeSchema(ocpiLocationSchema) })
  @ApiOcpiError(404, 'Unknown location (status_code 2003)')
  async location(@Param('location_id') locationId: string): Promise<OcpiLocation> {
    const location = await this.handle.push.locations.pullLocation(locationId);
    if (!location) throw unknownLocation(locationId);
    return location;
  }

  @Get(':location_id/:evse_uid')
  @ApiOperation({
    operationId: 'ocpiGetEvse',
    summary: 'One OCPI EVSE (partners)',
    description: 'The EVSE of the location with its connectors.',
  })
  @ApiLocationParam
  @ApiEvseParam
  @ApiResponse({ status: 200, description: 'The EVSE in the OCPI envelope', schema: ocpiEnvelopeSchema(ocpiEvseSchema) })
  @ApiOcpiError(404, 'Unknown location or EVSE (status_code 2003)')
  async evse(@Param('location_id') locationId: string, @Param('evse_uid') uid: string): Promise<OcpiEvse> {
    const evse = await this.handle.push.locations.pullEvse(locationId, uid);
    if (!evse) throw unknownLocation(`${locationId}/${uid}`);
    return evse;
  }

  @Get(':location_id/:evse_uid/:connector_id')
  @ApiOperation({ operationId: 'ocpiGetConnector', summary: 'One OCPI connector (partners)', description: 'The connector of the EVSE.' })
  @ApiLocationParam
  @ApiEvseParam
  @ApiParam({ name: 'connector_id', description: 'Connector.id (CiString(36))' })
  @ApiResponse({ status: 200, description: 'The Connector in the OCPI envelope', schema: ocpiEnvelopeSchema(ocpiConnectorSchema) })
  @ApiOcpiError(404, 'Unknown location, EVSE or connector (status_code 2003)')
  async connector(
    @Param('location_id') locationId: string,
    @Param('evse_uid') uid: string,
    @Param('connector_id') connectorId: string,
  ): Promise<OcpiConnector> {
    const connector = await this.handle.push.locations.pullConnector(locationId, uid, connectorId);
    if (!connector) throw unknownLocation(`${locationId}/${uid}/${connectorId}`);
    return connector;
  }
}
