import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { OcpiTariff } from '../domain/tariff-mapping';
import { OCPI_HANDLE, OcpiEndpoint, OcpiPage } from './ocpi/ocpi-endpoint';
import { ApiOcpiError, ApiOcpiRequest, ocpiEnvelopeSchema } from './ocpi/ocpi-openapi';
import type { OcpiServiceHandle } from '../ocpi.service';
import { ApiOcpiListQuery, ocpiListQuery } from './ocpi-list-query';
import { ocpiTariffSchema } from './push-api.schemas';

/** The Tariffs module, Sender interface (OCPI 2.2.1): the billing-service's tariffs as OCPI Tariffs, paginated. */
@OcpiEndpoint()
@ApiOcpiRequest({ routed: true })
@Controller('ocpi/cpo/2.2.1/tariffs')
export class OcpiTariffsController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Get()
  @ApiOperation({
    operationId: 'ocpiListTariffs',
    summary: 'OCPI tariffs (partners, paginated)',
    description:
      'Every tariff with a version in force or to come, last_updated in [date_from, date_to), by id; Link (rel="next"), X-Total-Count and X-Limit headers. Prices excl. VAT with the VAT percentage per component.',
  })
  @ApiOcpiListQuery
  @ApiResponse({
    status: 200,
    description: 'A page of Tariffs in the OCPI envelope',
    schema: ocpiEnvelopeSchema({ type: 'array', items: ocpiTariffSchema }),
  })
  @ApiOcpiError(400, 'A malformed date_from, date_to, offset or limit (status_code 2001)')
  async list(@Query() query: Record<string, unknown>): Promise<OcpiPage<OcpiTariff>> {
    const { from, to, offset, limit } = ocpiListQuery(query);
    const { items, total } = await this.handle.push.tariffs.pullPage({ ...(from ? { from } : {}), ...(to ? { to } : {}) }, offset, limit);
    return new OcpiPage(items, total, offset, limit);
  }
}
