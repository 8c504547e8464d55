import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseInterceptors, type Type } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { COMMAND_QUEUE_FULL_RESPONSE, SchemaPipe, commandResponse, toOpenApiSchema } from '@voltlane/api-kit';
import { OCPP_VERSIONS, schemaFor, type OcppVersion } from '@voltlane/ocpp';
import { LocalListService, type LocalListAction, type SendLocalListInput } from '../domain/local-list.service';
import { CustomerProblemInterceptor } from './customer-problems';
import { commandAnswerSchema, commandQuerySchema, localListSchema, problemSchema, sendLocalListSchema } from './customer-api.schemas';
import { localListView, type LocalListView } from './customer-api.views';

type CommandAnswer = ReturnType<typeof commandResponse>;
interface CommandQuery {
  timeoutMs: number;
}

const problem = { 'application/problem+json': { schema: problemSchema } };
const STATION_ID = { type: 'string', minLength: 1, maxLength: 48 };
const ApiStationId = ApiParam({ name: 'id', description: 'Station identity', schema: STATION_ID });
const ApiTimeout = ApiQuery({ name: 'timeoutMs', required: false, schema: commandQuerySchema.properties.timeoutMs });
const commandErrors: MethodDecorator[] = [
  ApiResponse({ status: 400, description: 'Invalid body or query, or a payload that does not fit the station version', content: problem }),
  ApiResponse({ status: 401, description: 'No or invalid API key', content: problem }),
  ApiResponse({ status: 403, description: 'The key lacks the write scope', content: problem }),
  ApiResponse({ status: 409, description: 'Station offline, or its boot status is not Accepted', content: problem }),
  ApiResponse({ ...COMMAND_QUEUE_FULL_RESPONSE, content: problem }),
  ApiResponse({ status: 502, description: "The station's CALLERROR or an invalid CALLRESULT", content: problem }),
  ApiResponse({ status: 504, description: 'No answer within timeoutMs', content: problem }),
];
function CommandErrors(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const decorate of commandErrors) decorate(target, key, descriptor);
  };
}

/**
 * The customer-owned station commands: local authorization lists built from the stored tokens,
 * their version, and the authorization cache. Results are applied to the stored list before the
 * answer (and again, as a no-op, from ocpp.commands.v1).
 */
@ApiTags('local authorization lists')
@ApiSecurity('apiKey')
@UseInterceptors(CustomerProblemInterceptor)
@Controller('api/v1/stations')
export class LocalListsController {
  constructor(@Inject(LocalListService) private readonly localLists: LocalListService) {}

  @Get(':id/local-list')
  @ApiOperation({ operationId: 'getStoredLocalList', summary: 'The local list the station holds, as far as the CSMS knows (no station call)' })
  @ApiStationId
  @ApiResponse({ status: 200, description: 'Stored version and entries', schema: localListSchema })
  @ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
  @ApiResponse({ status: 403, description: 'The key lacks the read scope', content: problem })
  async stored(@Param('id') id: string): Promise<LocalListView> {
    return localListView(await this.localLists.stored(id));
  }

  @Post(':id/local-list')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'sendLocalList',
    summary: 'SendLocalList built from the stored tokens',
    description:
      "Full: every Accepted, unexpired token (or those of `groupIdToken`, or the given `tokens`) in the station's version. Differential: the changes against the stored list (or the given `tokens`). An Accepted answer stores the new version and content; Failed, VersionMismatch and NotSupported are recorded and keep the version.",
  })
  @ApiStationId
  @ApiTimeout
  @ApiBody({ schema: sendLocalListSchema })
  @ApiResponse({ status: 200, description: "The station's answer and the stored list afterwards", schema: commandAnswerSchema({ type: 'object' }, { localList: localListSchema }) })
  @ApiResponse({ status: 404, description: 'A token in `tokens` does not exist', content: problem })
  @CommandErrors()
  async send(
    @Param('id') id: string,
    @Body(new SchemaPipe(sendLocalListSchema)) body: SendLocalListInput,
    @Query(new SchemaPipe(commandQuerySchema, 'query')) query: CommandQuery,
  ): Promise<CommandAnswer & { localList: LocalListView }> {
    const answer = commandResponse(await this.localLists.sendLocalList(id, body, { timeoutMs: query.timeoutMs }));
    return { ...answer, localList: localListView(await this.localLists.stored(id)) };
  }

  @Get(':id/local-list/version')
  @ApiOperation({ operationId: 'getLocalListVersion', summary: 'GetLocalListVersion: the version the station reports, and the stored one' })
  @ApiStationId
  @ApiTimeout
  @ApiResponse({ status: 200, description: "The station's answer and the stored list afterwards", schema: commandAnswerSchema({ type: 'object' }, { localList: localListSchema }) })
  @CommandErrors()
  async version(@Param('id') id: string, @Query(new SchemaPipe(commandQuerySchema, 'query')) query: CommandQuery): Promise<CommandAnswer & { localList: LocalListView }> {
    const answer = commandResponse(await this.localLists.getLocalListVersion(id, { timeoutMs: query.timeoutMs }));
    return { ...answer, localList: localListView(await this.localLists.stored(id)) };
  }

  @Post(':id/clear-cache')
  @HttpCode(200)
  @ApiOperation({ operationId: 'clearCache', summary: "ClearCache: empty the station's authorization cache" })
  @ApiStationId
  @ApiTimeout
  @ApiResponse({ status: 200, description: "The station's answer", schema: commandAnswerSchema() })
  @CommandErrors()
  async clearCache(@Param('id') id: string, @Query(new SchemaPipe(commandQuerySchema, 'query')) query: CommandQuery): Promise<CommandAnswer> {
    return commandResponse(await this.localLists.clearCache(id, { timeoutMs: query.timeoutMs }));
  }
}

const VERSION_SEGMENT: Record<OcppVersion, string> = { 'ocpp1.6': 'ocpp16', 'ocpp2.0.1': 'ocpp201', 'ocpp2.1': 'ocpp21' };
/** The official request or response schema of an action, as OpenAPI (local refs inlined). */
export function officialSchema(version: OcppVersion, action: string, kind: 'request' | 'response'): Record<string, unknown> {
  const schema = schemaFor(version, action, kind);
  if (!schema) throw new Error(`no ${version} ${kind} schema for ${action}`);
  return toOpenApiSchema(schema);
}

/**
 * Typed endpoints of the customer-owned actions, one controller per version:
 * `POST /api/v1/stations/{id}/ocpp16/send-local-list`, `…/ocpp201/get-local-list-version`,
 * `…/ocpp21/clear-cache`. The body is the official request of that version (validated against
 * it); a station speaking another version gets 400. Accepted results are applied like above.
 */
export function typedLocalListControllers(): Type[] {
  return OCPP_VERSIONS.map((version) => typedController(version));
}

function typedController(version: OcppVersion): Type {
  const segment = VERSION_SEGMENT[version];
  const operation = (action: LocalListAction): MethodDecorator[] => {
    const request = officialSchema(version, action, 'request');
    return [
      ApiOperation({
        operationId: `${segment}${action}`,
        summary: `${action} (${version})`,
        description: `Sends the official ${version} ${action} request as given and answers with the station's CALLRESULT. A station of another version gets 400.`,
      }),
      ApiStationId,
      ApiTimeout,
      ApiBody({ schema: request }),
      ApiResponse({ status: 200, description: `The station's ${action} response`, schema: commandAnswerSchema(officialSchema(version, action, 'response')) }),
      ...commandErrors,
    ];
  };
  const apply = (decorators: MethodDecorator[]): MethodDecorator => (target, key, descriptor) => {
    for (const decorate of decorators) decorate(target, key, descriptor);
  };
  const body = (action: LocalListAction): SchemaPipe => new SchemaPipe(officialSchema(version, action, 'request'));

  @ApiTags('local authorization lists')
  @ApiSecurity('apiKey')
  @UseInterceptors(CustomerProblemInterceptor)
  @Controller(`api/v1/stations/:id/${segment}`)
  class TypedLocalListController {
    constructor(@Inject(LocalListService) readonly localLists: LocalListService) {}

    @Post('send-local-list')
    @HttpCode(200)
    @apply(operation('SendLocalList'))
    async sendLocalList(
      @Param('id') id: string,
      @Body(body('SendLocalList')) payload: Record<string, unknown>,
      @Query(new SchemaPipe(commandQuerySchema, 'query')) query: CommandQuery,
    ): Promise<CommandAnswer> {
      return commandResponse(await this.localLists.sendTyped(version, id, 'SendLocalList', payload, { timeoutMs: query.timeoutMs }));
    }

    @Post('get-local-list-version')
    @HttpCode(200)
    @apply(operation('GetLocalListVersion'))
    async getLocalListVersion(
      @Param('id') id: string,
      @Body(body('GetLocalListVersion')) payload: Record<string, unknown>,
      @Query(new SchemaPipe(commandQuerySchema, 'query')) query: CommandQuery,
    ): Promise<CommandAnswer> {
      return commandResponse(await this.localLists.sendTyped(version, id, 'GetLocalListVersion', payload, { timeoutMs: query.timeoutMs }));
    }

    @Post('clear-cache')
    @HttpCode(200)
    @apply(operation('ClearCache'))
    async clearCache(
      @Param('id') id: string,
      @Body(body('ClearCache')) payload: Record<string, unknown>,
      @Query(new SchemaPipe(commandQuerySchema, 'query')) query: CommandQuery,
    ): Promise<CommandAnswer> {
      return commandResponse(await this.localLists.sendTyped(version, id, 'ClearCache', payload, { timeoutMs: query.timeoutMs }));
    }
  }
  Object.defineProperty(TypedLocalListController, 'name', { value: `${segment[0].toUpperCase()}${segment.slice(1)}LocalListController` });
  return TypedLocalListController;
}
