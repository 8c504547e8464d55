import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SchemaPipe, apiQueries, page, pageSchema, type Page, type PageQuery } from '@voltlane/api-kit';
import type { LocationInput } from '../application/locations/location-input';
import { OCPI_HANDLE } from './ocpi/ocpi-endpoint';
import type { OcpiServiceHandle } from '../ocpi.service';
import { LOCATION_ID_PATTERN, locationListQuerySchema, locationPutSchema, locationSchema } from './push-api.schemas';
import { PushProblemInterceptor, problem } from './push-problems';
import { locationView, type LocationView } from './push-views';

const ApiLocationId = ApiParam({ name: 'locationId', schema: { type: 'string', pattern: LOCATION_ID_PATTERN } });

/**
 * OCPI locations for the operator: what partners see of which stations. A change is pushed to
 * every partner with a locations receiver (PUT of the whole location); EVSE statuses follow the
 * stations by themselves. API keys: read for GET, write for the rest.
 */
@ApiTags('ocpi')
@ApiSecurity('apiKey')
@UseInterceptors(PushProblemInterceptor)
@Controller('api/v1/ocpi/locations')
export class LocationsController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Put(':locationId')
  @ApiOperation({
    operationId: 'putOcpiLocation',
    summary: 'Create or replace an OCPI location',
    description:
      'Creates (201) or replaces (200) a location: address, coordinates, time zone, the stations at it (each station EVSE, 1.6: each connector, is one OCPI EVSE) and what its connectors are. Every partner with a locations receiver gets the whole location (PUT); EVSEs that leave it are first set to REMOVED (PATCH). A PUT that changes nothing is not pushed. A station is at one location at a time.',
  })
  @ApiLocationId
  @ApiBody({ schema: locationPutSchema })
  @ApiResponse({ status: 200, description: 'Replaced', schema: locationSchema })
  @ApiResponse({ status: 201, description: 'Created', schema: locationSchema })
  @problem(400, 'Invalid body or location id (the problem names the field)')
  @problem(409, 'A station is at another location')
  async put(
    @Param('locationId') locationId: string,
    @Body(new SchemaPipe(locationPutSchema)) body: LocationInput,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LocationView> {
    const { state, created } = await this.handle.push.locations.put(locationId, body);
    response.status(created ? 201 : 200);
    return locationView(state, this.handle.config.ocpi);
  }

  @Get()
  @ApiOperation({
    operationId: 'listOcpiLocations',
    summary: 'List OCPI locations (by id, paged)',
    description: 'Pages through the locations, by id.',
  })
  @apiQueries(locationListQuerySchema)
  @ApiResponse({ status: 200, description: 'A page of locations', schema: pageSchema(locationSchema) })
  @problem(400, 'Invalid query')
  async list(@Query(new SchemaPipe(locationListQuerySchema, 'query')) query: PageQuery): Promise<Page<LocationView>> {
    const { items, total } = await this.handle.push.locations.page(query.limit, query.offset);
    return page(
      items.map((s) => locationView(s, this.handle.config.ocpi)),
      total,
      query,
    );
  }

  @Get(':locationId')
  @ApiOperation({
    operationId: 'getOcpiLocation',
    summary: 'One OCPI location',
    description: 'The location with its stations and its EVSEs as partners see them.',
  })
  @ApiLocationId
  @ApiResponse({ status: 200, description: 'The location', schema: locationSchema })
  @problem(400, 'A location id that cannot exist')
  @problem(404, 'No such location')
  async get(@Param('locationId') locationId: string): Promise<LocationView> {
    return locationView(await this.handle.push.locations.get(locationId), this.handle.config.ocpi);
  }

  @Delete(':locationId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteOcpiLocation',
    summary: 'Delete an OCPI location',
    description:
      'Deletes the location: partners get each of its EVSEs as REMOVED (OCPI deletes nothing), its stations may go to another location.',
  })
  @ApiLocationId
  @ApiResponse({ status: 204, description: 'Deleted' })
  @problem(400, 'A location id that cannot exist')
  @problem(404, 'No such location')
  async delete(@Param('locationId') locationId: string): Promise<void> {
    await this.handle.push.locations.delete(locationId);
  }
}
