import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ProblemError, problemSchema } from '@voltlane/api-kit';
import type { OcpiCdr } from '../domain/cdr-mapping';
import type { OcpiSession } from '../domain/session-mapping';
import { OCPI_HANDLE } from './ocpi/ocpi-endpoint';
import type { PushDelivery } from '../persistence/session-references.repository';
import type { OcpiServiceHandle } from '../ocpi.service';
import { roamingCdrSchema, roamingSessionSchema } from './sessions.schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = (detail: string) => new ProblemError(404, 'Not Found', detail, { code: 'unknown-roaming-object' });
const problem404 = (description: string) =>
  ApiResponse({ status: 404, description, content: { 'application/problem+json': { schema: problemSchema } } });

interface DeliveryView {
  method: string;
  createdAt: string;
  attempts: number;
  sentAt: string | null;
  lastError: string | null;
}

const deliveryView = (d: PushDelivery | undefined): DeliveryView | null =>
  d
    ? {
        method: d.method,
        createdAt: d.createdAt.toISOString(),
        attempts: d.attempts,
        sentAt: d.sentAt?.toISOString() ?? null,
        lastError: d.lastError,
      }
    : null;

/**
 * Roaming sessions and CDRs for the operator: what was sent to the eMSP (the OCPI object), to
 * which partner, whether the eMSP took it, and where the eMSP keeps the CDR. API key: read.
 */
@ApiTags('ocpi')
@ApiSecurity('apiKey')
@Controller('api/v1/ocpi')
export class RoamingSessionsController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Get('sessions/:sessionId')
  @ApiOperation({
    operationId: 'getOcpiSession',
    summary: 'A roaming session as its eMSP sees it',
    description:
      'The OCPI Session of a session started with an eMSP’s token, the partner its pushes go to, and where its latest push stands.',
  })
  @ApiParam({ name: 'sessionId', schema: { type: 'string', format: 'uuid' } })
  @ApiResponse({ status: 200, description: 'The roaming session', schema: roamingSessionSchema })
  @problem404('No roaming session of this id (a session of a local token is not one)')
  async session(@Param('sessionId') sessionId: string): Promise<{
    session: OcpiSession;
    partnerId: string | null;
    emsp: { countryCode: string; partyId: string };
    stationId: string;
    delivery: DeliveryView | null;
  }> {
    const found = UUID.test(sessionId) ? await this.handle.sessions.queries.session(sessionId.toLowerCase()) : undefined;
    if (!found) throw notFound(`No roaming session ${sessionId}`);
    const { row, delivery } = found;
    return {
      session: row.session,
      partnerId: row.partnerId,
      emsp: { countryCode: row.countryCode, partyId: row.partyId },
      stationId: row.stationId,
      delivery: deliveryView(delivery),
    };
  }

  @Get('cdrs/:cdrId')
  @ApiOperation({
    operationId: 'getOcpiCdr',
    summary: 'A roaming CDR as its eMSP got it',
    description:
      'The OCPI CDR of a roaming session, the partner it was posted to, whether it took it, and the CDR’s URL at the eMSP (its Location answer).',
  })
  @ApiParam({ name: 'cdrId', schema: { type: 'string', maxLength: 39 } })
  @ApiResponse({ status: 200, description: 'The roaming CDR', schema: roamingCdrSchema })
  @problem404('No roaming CDR of this id')
  async cdr(@Param('cdrId') cdrId: string): Promise<{
    cdr: OcpiCdr;
    partnerId: string | null;
    emsp: { countryCode: string; partyId: string };
    emspLocation: string | null;
    delivery: DeliveryView | null;
  }> {
    const found = cdrId.length <= 39 ? await this.handle.sessions.queries.cdr(cdrId) : undefined;
    if (!found) throw notFound(`No roaming CDR ${cdrId}`);
    const { stored, delivery } = found;
    return {
      cdr: stored.cdr,
      partnerId: stored.partnerId,
      emsp: { countryCode: stored.countryCode, partyId: stored.partyId },
      emspLocation: stored.emspLocation,
      delivery: deliveryView(delivery),
    };
  }
}
