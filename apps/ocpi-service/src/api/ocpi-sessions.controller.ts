import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { OcpiCdr } from '../domain/cdr-mapping';
import type { OcpiSession } from '../domain/session-mapping';
import { OCPI_HANDLE, OcpiCaller, OcpiEndpoint, OcpiPage, type OcpiCall } from './ocpi/ocpi-endpoint';
import { ApiOcpiError, ApiOcpiRequest, ocpiEnvelopeSchema } from './ocpi/ocpi-openapi';
import type { OcpiServiceHandle } from '../ocpi.service';
import { ApiOcpiListQuery, callerParties, ocpiListQuery } from './ocpi-list-query';
import { ocpiCdrSchema, ocpiSessionSchema } from './sessions.schemas';

const PAGE_HEADERS = 'X-Total-Count (all that match), X-Limit (at most 100) and, while more remain, Link: <next page>; rel="next".';

/** The OCPI sessions module, sender side (this CPO): eMSPs pull the roaming sessions of their parties. */
@OcpiEndpoint()
@ApiOcpiRequest({ routed: true })
@Controller('ocpi/cpo/2.2.1/sessions')
export class OcpiSessionsController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Get()
  @ApiOperation({
    operationId: 'ocpiListSessions',
    summary: 'Roaming sessions of the caller’s parties (eMSPs)',
    description: `The Sessions started with the caller's tokens whose last_updated is in [date_from, date_to), in the order they began. ${PAGE_HEADERS}`,
  })
  @ApiOcpiListQuery
  @ApiResponse({
    status: 200,
    description: 'A page of Sessions, in the OCPI envelope',
    schema: ocpiEnvelopeSchema({ type: 'array', items: ocpiSessionSchema }),
  })
  @ApiOcpiError(400, 'A malformed date_from, date_to, offset or limit (status_code 2001)')
  async list(@OcpiCaller() call: OcpiCall, @Query() query: Record<string, unknown>): Promise<OcpiPage<OcpiSession>> {
    const q = ocpiListQuery(query);
    const { items, total } = await this.handle.sessions.queries.sessionsPage({ ...q, parties: callerParties(call) });
    return new OcpiPage(items, total, q.offset, q.limit);
  }
}

/** The OCPI CDRs module, sender side (this CPO): eMSPs pull the CDRs of their parties' roaming sessions. */
@OcpiEndpoint()
@ApiOcpiRequest({ routed: true })
@Controller('ocpi/cpo/2.2.1/cdrs')
export class OcpiCdrsController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Get()
  @ApiOperation({
    operationId: 'ocpiListCdrs',
    summary: 'CDRs of the caller’s parties (eMSPs)',
    description: `The CDRs of sessions started with the caller's tokens whose last_updated (their creation) is in [date_from, date_to), oldest first. ${PAGE_HEADERS}`,
  })
  @ApiOcpiListQuery
  @ApiResponse({
    status: 200,
    description: 'A page of CDRs, in the OCPI envelope',
    schema: ocpiEnvelopeSchema({ type: 'array', items: ocpiCdrSchema }),
  })
  @ApiOcpiError(400, 'A malformed date_from, date_to, offset or limit (status_code 2001)')
  async list(@OcpiCaller() call: OcpiCall, @Query() query: Record<string, unknown>): Promise<OcpiPage<OcpiCdr>> {
    const q = ocpiListQuery(query);
    const { items, total } = await this.handle.sessions.queries.cdrsPage({ ...q, parties: callerParties(call) });
    return new OcpiPage(items, total, q.offset, q.limit);
  }
}
