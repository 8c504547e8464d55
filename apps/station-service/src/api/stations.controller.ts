import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { Int32Pipe, SchemaPipe, badRequest, conflict, notFound, pageSchema, type Page, type PageQuery } from '@voltlane/api-kit';
import type { BootStatus } from '@voltlane/messaging';
import type { StationCredentialInput } from '../application/credential.service';
import { STATION_API, type StationApiDeps } from './station-api.deps';
import type { CredentialView, StationDetail, StationListQuery, StationSummary, TimeRangeQuery } from './station-api.queries';
import {
  STATION_ID_PATTERN,
  bootPolicyBodySchema,
  bootPolicyOpenApi,
  commandRecordSchema,
  commandsQuerySchema,
  configurationKeySchema,
  configurationQuerySchema,
  createStationBodySchema,
  credentialViewSchema,
  credentialsBodySchema,
  deviceModelQuerySchema,
  deviceVariableSchema,
  genericRecordSchema,
  plainListQuerySchema,
  problemSchema,
  reportsQuerySchema,
  requestsPageSchema,
  stationDetailSchema,
  stationListQuerySchema,
  stationSummarySchema,
  statusHistoryQuerySchema,
  statusHistorySchema,
  timeRangeQuerySchema,
} from './station-api.schemas';

const STATION_ID = new RegExp(STATION_ID_PATTERN);
const pageOf = (item: SchemaObject): SchemaObject => pageSchema(item as Record<string, unknown>);

/** OpenAPI query parameters of a list query schema (SchemaPipe validates; this documents). */
function ApiListQuery(schema: SchemaObject): MethodDecorator {
  const properties = schema.properties ?? {};
  const decorators = Object.entries(properties).map(([name, property]) => ApiQuery({ name, required: false, schema: property }));
  return (target, key, descriptor) => {
    for (const decorate of decorators) decorate(target, key, descriptor);
  };
}

const ApiStationId = ApiParam({ name: 'id', description: 'Station identity', schema: { type: 'string', pattern: STATION_ID_PATTERN } });
const ApiNotFound = ApiResponse({
  status: 404,
  description: 'No such station',
  content: { 'application/problem+json': { schema: problemSchema } },
});

interface CreateStationBody {
  id: string;
  credentials: StationCredentialInput;
  bootPolicy?: BootStatus | null;
}

/** Stations: registration, live state, configuration, histories, credentials and boot policy. */
@ApiTags('stations')
@ApiSecurity('apiKey')
@Controller('api/v1/stations')
export class StationsController {
  constructor(@Inject(STATION_API) private readonly deps: StationApiDeps) {}

  @Post()
  @ApiOperation({
    operationId: 'createStation',
    summary: 'Register (provision) a station with its credentials and optional boot policy',
    description:
      'Registers (provisions) a station before it connects: its id, security profile and credentials (password or certificate subject), and optionally a BootNotification policy.',
  })
  @ApiBody({ schema: createStationBodySchema })
  @ApiResponse({ status: 201, schema: stationDetailSchema })
  @ApiResponse({
    status: 409,
    description: 'The station is already provisioned',
    content: { 'application/problem+json': { schema: problemSchema } },
  })
  async create(@Body(new SchemaPipe(createStationBodySchema)) body: CreateStationBody): Promise<StationDetail> {
    checkCredentials(body.credentials);
    const existing = await this.deps.queries.detail(body.id);
    if (existing?.provisioned)
      throw conflict(`Station ${body.id} is already provisioned: use PUT /api/v1/stations/${body.id}/credentials or /boot-policy`);
    await this.deps.credentials.set(body.id, body.credentials);
    if (body.bootPolicy !== undefined) await this.deps.policy.set(body.id, body.bootPolicy);
    return (await this.deps.queries.detail(body.id)) as StationDetail;
  }

  @Get()
  @ApiOperation({
    operationId: 'listStations',
    summary: 'Stations with online state, boot status and connector statuses',
    description:
      'Pages through stations with their online state, boot status and connector statuses; filter by online state, OCPP version, boot status, a connector status and an id prefix.',
  })
  @ApiListQuery(stationListQuerySchema)
  @ApiResponse({ status: 200, schema: pageOf(stationSummarySchema) })
  list(@Query(new SchemaPipe(stationListQuerySchema, 'query')) query: StationListQuery): Promise<Page<StationSummary>> {
    return this.deps.queries.list(query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getStation',
    summary: 'A station with its EVSEs, connectors and their current statuses',
    description: 'A station with its boot information, connection, EVSEs and connectors and their current statuses.',
  })
  @ApiStationId
  @ApiResponse({ status: 200, schema: stationDetailSchema })
  @ApiNotFound
  async detail(@Param('id') id: string): Promise<StationDetail> {
    const station = await this.deps.queries.detail(id);
    if (!station) throw notFound(`No station ${id}`);
    return station;
  }

  @Get(':id/configuration')
  @ApiOperation({
    operationId: 'getStationConfiguration',
    summary: 'OCPP 1.6 configuration keys (from GetConfiguration / accepted ChangeConfiguration results)',
    description:
      'The OCPP 1.6 configuration keys of the station as the CSMS last learnt them (GetConfiguration answers, accepted ChangeConfiguration requests).',
  })
  @ApiStationId
  @ApiListQuery(configurationQuerySchema)
  @ApiResponse({ status: 200, schema: pageOf(configurationKeySchema) })
  @ApiNotFound
  async configuration(
    @Param('id') id: string,
    @Query(new SchemaPipe(configurationQuerySchema, 'query')) query: PageQuery & { key?: string },
  ) {
    await this.mustExist(id);
    return this.deps.queries.configuration(id, query);
  }

  @Get(':id/device-model')
  @ApiOperation({
    operationId: 'getStationDeviceModel',
    summary: 'OCPP 2.x device model variables (NotifyReport, GetVariables / accepted SetVariables results)',
    description:
      'The OCPP 2.x device model variables of the station as the CSMS last learnt them (NotifyReport, GetVariables answers, accepted SetVariables requests); filter by component and variable.',
  })
  @ApiStationId
  @ApiListQuery(deviceModelQuerySchema)
  @ApiResponse({ status: 200, schema: pageOf(deviceVariableSchema) })
  @ApiNotFound
  async deviceModel(
    @Param('id') id: string,
    @Query(new SchemaPipe(deviceModelQuerySchema, 'query')) query: PageQuery & { component?: string; variable?: string },
  ) {
    await this.mustExist(id);
    return this.deps.queries.deviceModel(id, query);
  }

  @Get(':id/status-history')
  @ApiOperation({
    operationId: 'getStationStatusHistory',
    summary: 'Connector status reports in a time range (by status time)',
    description: 'The connector status reports of the station in a time range, by the status time the station gave.',
  })
  @ApiStationId
  @ApiListQuery(statusHistoryQuerySchema)
  @ApiResponse({ status: 200, schema: pageOf(statusHistorySchema) })
  @ApiNotFound
  async statusHistory(
    @Param('id') id: string,
    @Query(new SchemaPipe(statusHistoryQuerySchema, 'query')) query: TimeRangeQuery & { evseId?: number; connectorId?: number },
  ) {
    await this.mustExist(id);
    checkRange(query);
    return this.deps.queries.statusHistory(id, query);
  }

  @Get(':id/reports')
  @ApiOperation({
    operationId: 'getStationReports',
    summary: 'Multi-part reports (NotifyReport, monitoring, customer information, display messages)',
    description:
      'The multi-part reports the station sent (NotifyReport, NotifyMonitoringReport, NotifyCustomerInformation, NotifyDisplayMessages), one entry per request id.',
  })
  @ApiStationId
  @ApiListQuery(reportsQuerySchema)
  @ApiResponse({ status: 200, schema: pageOf(genericRecordSchema) })
  @ApiNotFound
  async reports(@Param('id') id: string, @Query(new SchemaPipe(reportsQuerySchema, 'query')) query: PageQuery & { kind?: string }) {
    await this.mustExist(id);
    return this.deps.queries.reports(id, query);
  }

  @Get(':id/reports/:kind/:requestId')
  @ApiOperation({
    operationId: 'getStationReport',
    summary: 'One report with its parts',
    description: 'One multi-part report of the station by kind and request id, with all its parts.',
  })
  @ApiStationId
  @ApiParam({ name: 'kind', schema: { type: 'string', enum: ['Report', 'Monitoring', 'CustomerInformation', 'DisplayMessages'] } })
  @ApiParam({ name: 'requestId', schema: { type: 'integer' } })
  @ApiResponse({ status: 200, schema: genericRecordSchema })
  @ApiNotFound
  async report(@Param('id') id: string, @Param('kind') kind: string, @Param('requestId', Int32Pipe) requestId: number) {
    if (!['Report', 'Monitoring', 'CustomerInformation', 'DisplayMessages'].includes(kind)) throw badRequest(`Unknown report kind ${kind}`);
    const report = await this.deps.stations.report(id, kind as 'Report', requestId);
    if (!report) throw notFound(`No ${kind} ${requestId} of station ${id}`);
    return report;
  }

  @Get(':id/events')
  @ApiOperation({
    operationId: 'getStationEvents',
    summary: 'NotifyEvent entries in a time range',
    description: 'The NotifyEvent entries the station sent in a time range.',
  })
  @ApiStationId
  @ApiListQuery(timeRangeQuerySchema)
  @ApiResponse({ status: 200, schema: pageOf(genericRecordSchema) })
  @ApiNotFound
  async events(@Param('id') id: string, @Query(new SchemaPipe(timeRangeQuerySchema, 'query')) query: TimeRangeQuery) {
    await this.mustExist(id);
    checkRange(query);
    return this.deps.queries.events(id, query);
  }

  @Get(':id/security-events')
  @ApiOperation({
    operationId: 'getStationSecurityEvents',
    summary: 'SecurityEventNotifications in a time range',
    description: 'The SecurityEventNotifications the station sent in a time range.',
  })
  @ApiStationId
  @ApiListQuery(timeRangeQuerySchema)
  @ApiResponse({ status: 200, schema: pageOf(genericRecordSchema) })
  @ApiNotFound
  async securityEvents(@Param('id') id: string, @Query(new SchemaPipe(timeRangeQuerySchema, 'query')) query: TimeRangeQuery) {
    await this.mustExist(id);
    checkRange(query);
    return this.deps.queries.securityEvents(id, query);
  }

  @Get(':id/firmware')
  @ApiOperation({
    operationId: 'getStationFirmwareRequests',
    summary: 'UpdateFirmware / SignedUpdateFirmware requests with their status notifications',
    description: 'The UpdateFirmware and SignedUpdateFirmware requests sent to the station with their FirmwareStatusNotifications.',
  })
  @ApiStationId
  @ApiListQuery(plainListQuerySchema)
  @ApiResponse({ status: 200, schema: requestsPageSchema })
  @ApiNotFound
  async firmware(@Param('id') id: string, @Query(new SchemaPipe(plainListQuerySchema, 'query')) query: PageQuery) {
    await this.mustExist(id);
    return this.deps.queries.firmware(id, query);
  }

  @Get(':id/published-firmware')
  @ApiOperation({
    operationId: 'getStationPublishedFirmware',
    summary: 'PublishFirmware / UnpublishFirmware requests (local controllers) with their status notifications',
    description: 'The PublishFirmware and UnpublishFirmware requests sent to a local controller with their status notifications.',
  })
  @ApiStationId
  @ApiListQuery(plainListQuerySchema)
  @ApiResponse({ status: 200, schema: requestsPageSchema })
  @ApiNotFound
  async publishedFirmware(@Param('id') id: string, @Query(new SchemaPipe(plainListQuerySchema, 'query')) query: PageQuery) {
    await this.mustExist(id);
    return this.deps.queries.publishedFirmware(id, query);
  }

  @Get(':id/diagnostics')
  @ApiOperation({
    operationId: 'getStationDiagnosticsRequests',
    summary: 'OCPP 1.6 GetDiagnostics requests (file name) with their status notifications',
    description: 'The OCPP 1.6 GetDiagnostics requests sent to the station with their file names and DiagnosticsStatusNotifications.',
  })
  @ApiStationId
  @ApiListQuery(plainListQuerySchema)
  @ApiResponse({ status: 200, schema: requestsPageSchema })
  @ApiNotFound
  async diagnostics(@Param('id') id: string, @Query(new SchemaPipe(plainListQuerySchema, 'query')) query: PageQuery) {
    await this.mustExist(id);
    return this.deps.queries.diagnostics(id, query);
  }

  @Get(':id/logs')
  @ApiOperation({
    operationId: 'getStationLogRequests',
    summary: 'GetLog requests (requestId, file name) with their LogStatusNotifications',
    description: 'The GetLog requests sent to the station (requestId, file name) with their LogStatusNotifications.',
  })
  @ApiStationId
  @ApiListQuery(plainListQuerySchema)
  @ApiResponse({ status: 200, schema: requestsPageSchema })
  @ApiNotFound
  async logs(@Param('id') id: string, @Query(new SchemaPipe(plainListQuerySchema, 'query')) query: PageQuery) {
    await this.mustExist(id);
    return this.deps.queries.logs(id, query);
  }

  @Get(':id/certificates')
  @ApiOperation({
    operationId: 'getStationCertificateRequests',
    summary: 'Certificate commands (CertificateSigned, Install/Delete/GetInstalledCertificateIds) and their answers',
    description:
      'The certificate commands sent to the station (CertificateSigned, InstallCertificate, DeleteCertificate, GetInstalledCertificateIds) with their answers.',
  })
  @ApiStationId
  @ApiListQuery(plainListQuerySchema)
  @ApiResponse({ status: 200, schema: pageOf(commandRecordSchema) })
  @ApiNotFound
  async certificates(@Param('id') id: string, @Query(new SchemaPipe(plainListQuerySchema, 'query')) query: PageQuery) {
    await this.mustExist(id);
    return this.deps.queries.certificates(id, query);
  }

  @Get(':id/commands')
  @ApiOperation({
    operationId: 'getStationCommandRecords',
    summary: 'Recorded command answers (firmware, diagnostics, logs, reset, certificates)',
    description: 'Pages through the recorded answers of the station to firmware, diagnostics, log, reset and certificate commands.',
  })
  @ApiStationId
  @ApiListQuery(commandsQuerySchema)
  @ApiResponse({ status: 200, schema: pageOf(commandRecordSchema) })
  @ApiNotFound
  async commands(
    @Param('id') id: string,
    @Query(new SchemaPipe(commandsQuerySchema, 'query')) query: TimeRangeQuery & { action?: string },
  ) {
    await this.mustExist(id);
    checkRange(query);
    return this.deps.queries.commands(id, query);
  }

  @Get(':id/credentials')
  @ApiOperation({
    operationId: 'getStationCredentials',
    summary: 'Security profile and whether a password is set (never the password or its hash)',
    description:
      'The security profile of the station, whether a password is set and the expected certificate subject; never the password or its hash.',
  })
  @ApiStationId
  @ApiResponse({ status: 200, schema: credentialViewSchema })
  @ApiNotFound
  async getCredentials(@Param('id') id: string): Promise<CredentialView> {
    const view = await this.deps.queries.credentials(id);
    if (!view) throw notFound(`Station ${id} has no credentials`);
    return view;
  }

  @Put(':id/credentials')
  @ApiOperation({
    operationId: 'putStationCredentials',
    summary: 'Set password / certificate subject / security profile (creates the station if new)',
    description:
      'Sets the station’s Basic-auth password, expected certificate subject and security profile; registers the station if it is new.',
  })
  @ApiStationId
  @ApiBody({ schema: credentialsBodySchema })
  @ApiResponse({ status: 200, schema: credentialViewSchema })
  async putCredentials(
    @Param('id') id: string,
    @Body(new SchemaPipe(credentialsBodySchema)) body: StationCredentialInput,
  ): Promise<CredentialView> {
    checkStationId(id);
    checkCredentials(body);
    await this.deps.credentials.set(id, body);
    return (await this.deps.queries.credentials(id)) as CredentialView;
  }

  @Get(':id/boot-policy')
  @ApiOperation({
    operationId: 'getStationBootPolicy',
    summary: "The station's BootNotification policy (null: the default)",
    description:
      'The BootNotification answer this station gets (Accepted, Pending or Rejected); null when the default of the deployment applies.',
  })
  @ApiStationId
  @ApiResponse({ status: 200, schema: bootPolicyOpenApi })
  @ApiNotFound
  async getBootPolicy(@Param('id') id: string): Promise<{ policy: BootStatus | null }> {
    await this.mustExist(id);
    return { policy: await this.deps.policy.get(id) };
  }

  @Put(':id/boot-policy')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'putStationBootPolicy',
    summary: 'Set the BootNotification policy (Accepted, Pending, Rejected or null); applies at the next boot',
    description:
      'Sets the BootNotification answer for this station (Accepted, Pending, Rejected, or null for the default); it applies at the station’s next boot.',
  })
  @ApiStationId
  @ApiBody({ schema: bootPolicyOpenApi })
  @ApiResponse({ status: 200, schema: bootPolicyOpenApi })
  async putBootPolicy(
    @Param('id') id: string,
    @Body(new SchemaPipe(bootPolicyBodySchema)) body: { policy: BootStatus | null },
  ): Promise<{ policy: BootStatus | null }> {
    checkStationId(id);
    await this.deps.policy.set(id, body.policy);
    return { policy: await this.deps.policy.get(id) };
  }

  private async mustExist(id: string): Promise<void> {
    if (!(await this.deps.queries.exists(id))) throw notFound(`No station ${id}`);
  }
}

function checkStationId(id: string): void {
  if (!STATION_ID.test(id)) throw badRequest(`Invalid station id: must match ${STATION_ID_PATTERN}`);
}

function checkCredentials(input: StationCredentialInput): void {
  if ((input.securityProfile === 1 || input.securityProfile === 2) && !input.password) {
    throw badRequest(`Invalid body: security profile ${input.securityProfile} needs a Basic-auth password`);
  }
}

function checkRange(query: { from?: string; to?: string }): void {
  if (query.from && query.to && new Date(query.from) >= new Date(query.to)) throw badRequest('Invalid query: from must be before to');
}
