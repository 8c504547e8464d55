import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  ApiCommandErrors,
  ApiCommandTimeout,
  ApiStationId,
  CommandTimeoutQuery,
  badRequest,
  commandAnswerSchema,
  type CommandAnswer,
} from '@voltlane/api-kit';
import { STATION_API, type StationApiDeps } from './station-api.deps';

const ACTION = /^[A-Za-z0-9]{1,64}$/;

/**
 * `POST /api/v1/stations/{id}/ocpp/{action}`: any CSMS→station action of the station's protocol
 * version, payload validated against that version's schema, answered with the station's result.
 */
@ApiTags('station commands')
@ApiSecurity('apiKey')
@Controller('api/v1/stations')
export class OcppCommandsController {
  constructor(@Inject(STATION_API) private readonly deps: StationApiDeps) {}

  @Post(':id/ocpp/:action')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'sendOcppCommand',
    summary: "Send any CSMS→station action of the station's OCPP version",
    description:
      'The body is the OCPP request payload (validated against the official schema of the station version). The typed endpoints document each action.',
  })
  @ApiStationId
  @ApiParam({
    name: 'action',
    description: 'OCPP action name, e.g. Reset, GetVariables',
    schema: { type: 'string', pattern: ACTION.source },
  })
  @ApiCommandTimeout
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @ApiResponse({ status: 200, description: "The station's CALLRESULT payload", schema: commandAnswerSchema() })
  @ApiCommandErrors()
  send(
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @CommandTimeoutQuery() query: { timeoutMs?: number },
  ): Promise<CommandAnswer> {
    if (!ACTION.test(action)) throw badRequest(`Invalid action name ${JSON.stringify(action.slice(0, 80))}`);
    return this.deps.commands.send(id, action, body ?? {}, { timeoutMs: query.timeoutMs });
  }
}
