import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  ApiCommandErrors,
  ApiCommandTimeout,
  ApiStationId,
  CommandTimeoutQuery,
  SchemaPipe,
  badRequest,
  commandAnswerSchema,
  notFound,
  toOpenApiSchema,
  type CommandAnswer,
} from '@voltlane/api-kit';
import { schemaFor } from '@voltlane/ocpp';
import type { StationTariff } from '../persistence/station-tariff.repository';
import { BillingCommands, type DefaultTariffInput, type TransactionTariffInput } from '../application/station-tariffs/billing-commands';
import { BillingProblemInterceptor } from './billing-problems';
import { problemSchema } from './billing-api.schemas';
import {
  STATION_ID_PATTERN,
  defaultTariffBodySchema,
  stationTariffSchema,
  transactionIdPattern,
  transactionTariffBodySchema,
} from './station-tariffs.schemas';

const problem = { 'application/problem+json': { schema: problemSchema } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface StationTariffView extends Omit<StationTariff, 'validFrom' | 'reportedAt'> {
  validFrom: string | null;
  reportedAt: string;
}

function view(t: StationTariff): StationTariffView {
  return { ...t, validFrom: t.validFrom?.toISOString() ?? null, reportedAt: t.reportedAt.toISOString() };
}

function stationIdOf(id: string): string {
  if (!new RegExp(STATION_ID_PATTERN).test(id)) throw notFound(`No station ${id}`);
  return id;
}

function tariffIdOf(body: { tariffId: string }): void {
  if (!UUID.test(body.tariffId)) throw badRequest(`tariffId ${body.tariffId} is not a tariff id (a UUID)`);
}

const answerWithTariff = (action: string) => {
  const official = schemaFor('ocpp2.1', action, 'response');
  const schema = commandAnswerSchema(official ? toOpenApiSchema(official) : { type: 'object' });
  return { ...schema, properties: { ...schema.properties, tariff: { type: 'object', description: 'The OCPP 2.1 TariffType sent' } } };
};

/**
 * Our tariffs to OCPP 2.1 stations (local cost calculation, use cases I07–I12): a tariff version
 * converted to TariffType and sent with SetDefaultTariff or ChangeTransactionTariff, and the
 * tariffs each station holds as its answers said (SetDefaultTariff, ChangeTransactionTariff,
 * GetTariffs and ClearTariffs, whichever endpoint sent them).
 */
@ApiTags('tariffs')
@ApiSecurity('apiKey')
@ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
@ApiResponse({ status: 403, description: 'The key lacks the scope (GET: read, others: write)', content: problem })
@UseInterceptors(BillingProblemInterceptor)
@Controller('api/v1/stations')
export class StationTariffsController {
  constructor(@Inject(BillingCommands) private readonly commands: BillingCommands) {}

  @Post(':id/tariffs/default')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'sendDefaultTariff',
    summary: 'Send one of our tariffs to a 2.1 station as its default tariff (SetDefaultTariff)',
    description:
      'Converts a tariff version (latest by default) to the OCPP 2.1 TariffType (energy, charging and idle time, session fee, time-of-day bands, VAT) and sends it with SetDefaultTariff. An accepted tariff is recorded as held by the station.',
  })
  @ApiStationId
  @ApiCommandTimeout
  @ApiBody({ schema: defaultTariffBodySchema })
  @ApiResponse({
    status: 200,
    description: "The station's SetDefaultTariff response and the tariff sent",
    schema: answerWithTariff('SetDefaultTariff'),
  })
  @ApiCommandErrors()
  async sendDefault(
    @Param('id') id: string,
    @Body(new SchemaPipe(defaultTariffBodySchema)) body: DefaultTariffInput,
    @CommandTimeoutQuery() query: { timeoutMs?: number },
  ): Promise<CommandAnswer> {
    tariffIdOf(body);
    return this.commands.setDefaultTariff(stationIdOf(id), body, query.timeoutMs);
  }

  @Post(':id/transactions/:transactionId/tariff')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'changeTransactionTariff',
    summary: 'Change the tariff of a running transaction on a 2.1 station (ChangeTransactionTariff)',
    description:
      'Converts a tariff version (latest by default) to the OCPP 2.1 TariffType and sends it with ChangeTransactionTariff for the transaction. An accepted tariff is recorded as the driver tariff of that transaction.',
  })
  @ApiStationId
  @ApiParam({
    name: 'transactionId',
    description: 'The transaction id the station gave',
    schema: { type: 'string', pattern: transactionIdPattern },
  })
  @ApiCommandTimeout
  @ApiBody({ schema: transactionTariffBodySchema })
  @ApiResponse({
    status: 200,
    description: "The station's ChangeTransactionTariff response and the tariff sent",
    schema: answerWithTariff('ChangeTransactionTariff'),
  })
  @ApiCommandErrors()
  async changeForTransaction(
    @Param('id') id: string,
    @Param('transactionId') transactionId: string,
    @Body(new SchemaPipe(transactionTariffBodySchema)) body: TransactionTariffInput,
    @CommandTimeoutQuery() query: { timeoutMs?: number },
  ): Promise<CommandAnswer> {
    tariffIdOf(body);
    if (!new RegExp(transactionIdPattern).test(transactionId))
      throw badRequest(`transactionId ${transactionId} is not an OCPP transaction id (1–36 characters)`);
    return this.commands.changeTransactionTariff(stationIdOf(id), transactionId, body, query.timeoutMs);
  }

  @Get(':id/tariffs')
  @ApiOperation({
    operationId: 'listStationTariffs',
    summary: 'The tariffs a 2.1 station holds, as its answers said',
    description:
      'Tariffs recorded from accepted SetDefaultTariff and ChangeTransactionTariff answers, replaced by GetTariffs answers and removed by ClearTariffs answers.',
  })
  @ApiStationId
  @ApiResponse({ status: 200, description: 'The recorded tariffs', schema: { type: 'array', items: stationTariffSchema } })
  @ApiResponse({ status: 404, description: 'Not a station id', content: problem })
  async list(@Param('id') id: string): Promise<StationTariffView[]> {
    return (await this.commands.listStationTariffs(stationIdOf(id))).map(view);
  }
}
