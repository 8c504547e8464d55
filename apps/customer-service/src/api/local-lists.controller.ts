import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  ApiCommandTimeout,
  ApiStationId,
  SchemaPipe,
  commandErrorResponses,
  commandPartsSchema,
  commandResponse,
  type CommandAnswer,
  type TypedCommandSender,
} from '@voltlane/api-kit';
import type { OcppVersion } from '@voltlane/ocpp';
import { LOCAL_LIST_ACTIONS, LocalListService, type LocalListAction, type SendLocalListInput } from '../application/local-list.service';
import { CustomerProblemInterceptor } from './customer-problems';
import { commandAnswerSchema, commandQuerySchema, localListSchema, problemSchema, sendLocalListSchema } from './customer-api.schemas';
import { localListView, type LocalListView } from './customer-api.views';

interface CommandQuery {
  timeoutMs: number;
}

const problem = { 'application/problem+json': { schema: problemSchema } };
const ApiTimeout = ApiCommandTimeout;
function CommandErrors(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const decorate of commandErrorResponses) decorate(target, key, descriptor);
  };
}

/** The typed endpoints' sender (`typedCommandControllers('customer-service')`): results applied, then answered. */
export function localListCommandSender(localLists: LocalListService): TypedCommandSender {
  return {
    sendTyped: async (
      version: OcppVersion,
      stationId: string,
      action: string,
      payload: Record<string, unknown>,
      timeoutMs?: number,
    ): Promise<CommandAnswer> => {
      if (!(LOCAL_LIST_ACTIONS as readonly string[]).includes(action)) throw new Error(`${action} is not a customer-owned command`);
      return commandResponse(
        await localLists.sendTyped(version, stationId, action as LocalListAction, payload, timeoutMs !== undefined ? { timeoutMs } : {}),
      );
    },
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
  @ApiOperation({
    operationId: 'getStoredLocalList',
    summary: 'The local list the station holds, as far as the CSMS knows (no station call)',
    description:
      'The version and entries of the last SendLocalList the station accepted, and the version it last reported (GetLocalListVersion), from the customer-service store. Nothing is sent to the station; a station never sent a list has version 0 and no entries.',
  })
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
      "Full: every Accepted, unexpired token (or those of `groupIdToken`, or the given `tokens`) in the station's version. Differential: the changes against the stored list (or the given `tokens`). An Accepted answer stores the new version and content; Failed, VersionMismatch and NotSupported are recorded and keep the version. A list longer than the station takes in one message (1.6 SendLocalListMaxLength; 2.x LocalAuthListCtrlr.ItemsPerMessage, BytesPerMessage) is sent in parts: the first as asked, the others Differential, each with the next version (so the list ends at versionNumber + parts - 1); `parts` says what became of each, and a part not Accepted stops the rest.",
  })
  @ApiStationId
  @ApiTimeout
  @ApiBody({ schema: sendLocalListSchema })
  @ApiResponse({
    status: 200,
    description: "The station's answer and the stored list afterwards",
    schema: commandAnswerSchema({ type: 'object' }, { localList: localListSchema, parts: commandPartsSchema }),
  })
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
  @ApiOperation({
    operationId: 'getLocalListVersion',
    summary: 'GetLocalListVersion: the version the station reports, and the stored one',
    description:
      "Asks the station for its local list version in its own OCPP version and stores the answer: a version other than the stored one means the stored content is no longer known (0: the station's list is empty). Answers with the station's answer and the stored list afterwards.",
  })
  @ApiStationId
  @ApiTimeout
  @ApiResponse({
    status: 200,
    description: "The station's answer and the stored list afterwards",
    schema: commandAnswerSchema({ type: 'object' }, { localList: localListSchema }),
  })
  @CommandErrors()
  async version(
    @Param('id') id: string,
    @Query(new SchemaPipe(commandQuerySchema, 'query')) query: CommandQuery,
  ): Promise<CommandAnswer & { localList: LocalListView }> {
    const answer = commandResponse(await this.localLists.getLocalListVersion(id, { timeoutMs: query.timeoutMs }));
    return { ...answer, localList: localListView(await this.localLists.stored(id)) };
  }

  @Post(':id/clear-cache')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'clearCache',
    summary: "ClearCache: empty the station's authorization cache",
    description:
      "Sends ClearCache in the station's OCPP version and answers with its status (Accepted or Rejected). The cache holds id tokens the station authorized before; the local list is not touched. Refused (409) while the station is offline or its boot status is not Accepted.",
  })
  @ApiStationId
  @ApiTimeout
  @ApiResponse({ status: 200, description: "The station's answer", schema: commandAnswerSchema() })
  @CommandErrors()
  async clearCache(
    @Param('id') id: string,
    @Query(new SchemaPipe(commandQuerySchema, 'query')) query: CommandQuery,
  ): Promise<CommandAnswer> {
    return commandResponse(await this.localLists.clearCache(id, { timeoutMs: query.timeoutMs }));
  }
}
