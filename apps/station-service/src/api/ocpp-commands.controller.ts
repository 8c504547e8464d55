import { Body, Controller, HttpCode, Inject, Param, Post, Query, type Type } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { COMMAND_QUEUE_FULL_RESPONSE, SchemaPipe, badRequest, toOpenApiSchema } from '@voltlane/api-kit';
import { OCPP_VERSIONS, type OcppVersion } from '@voltlane/ocpp';
import { officialSchema, typedOperations, type TypedOperation } from './ocpp-operations';
import { STATION_API, type StationApiDeps } from './station-api.deps';
import { STATION_ID_PATTERN, commandAnswerSchema, commandQuerySchema, problemSchema } from './station-api.schemas';

type CommandAnswer = { protocol: string | undefined; result: Record<string, unknown> };

const ACTION = /^[A-Za-z0-9]{1,64}$/;
const problem = { 'application/problem+json': { schema: problemSchema } };
const ApiStationId = ApiParam({ name: 'id', description: 'Station identity', schema: { type: 'string', pattern: STATION_ID_PATTERN } });
const ApiTimeout = ApiQuery({ name: 'timeoutMs', required: false, schema: commandQuerySchema.properties?.timeoutMs ?? { type: 'integer' } });
const commandErrors: MethodDecorator[] = [
  ApiResponse({ status: 400, description: 'Unknown action, station→CSMS action, payload not fitting the version, or a typed endpoint of another version', content: problem }),
  ApiResponse({ status: 404, description: 'No such station', content: problem }),
  ApiResponse({ status: 409, description: 'Station offline, boot Rejected, or Pending and the action is not a provisioning one', content: problem }),
  ApiResponse({ ...COMMAND_QUEUE_FULL_RESPONSE, content: problem }),
  ApiResponse({ status: 502, description: "The station's CALLERROR (callError) or an invalid CALLRESULT", content: problem }),
  ApiResponse({ status: 504, description: 'No answer within timeoutMs', content: problem }),
];

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
    description: 'The body is the OCPP request payload (validated against the official schema of the station version). The typed endpoints document each action.',
  })
  @ApiStationId
  @ApiParam({ name: 'action', description: 'OCPP action name, e.g. Reset, GetVariables', schema: { type: 'string', pattern: ACTION.source } })
  @ApiTimeout
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @ApiResponse({ status: 200, description: "The station's CALLRESULT payload", schema: commandAnswerSchema() })
  send(
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Query(new SchemaPipe(commandQuerySchema, 'query')) query: { timeoutMs?: number },
  ): Promise<CommandAnswer> {
    if (!ACTION.test(action)) throw badRequest(`Invalid action name ${JSON.stringify(action.slice(0, 80))}`);
    return this.deps.commands.send(id, action, body ?? {}, { timeoutMs: query.timeoutMs });
  }
}

for (const decorate of commandErrors) decorate(OcppCommandsController.prototype, 'send', Object.getOwnPropertyDescriptor(OcppCommandsController.prototype, 'send') as PropertyDescriptor);

/**
 * One controller per OCPP version with a typed endpoint per CSMS→station action the
 * station-service owns (`typedOperations`): `POST /api/v1/stations/{id}/ocpp16/reset`, … Each is
 * its own OpenAPI operation (operationId `ocpp16Reset`, tag per feature profile / functional
 * block) documented with the official request and response schemas. Built at start-up: methods
 * are added to the prototype and Nest/Swagger decorators applied with `Reflect.decorate`.
 */
export function typedCommandControllers(): Type[] {
  return OCPP_VERSIONS.flatMap((version) => {
    const byTag = new Map<string, TypedOperation[]>();
    for (const operation of typedOperations(version)) byTag.set(operation.tag, [...(byTag.get(operation.tag) ?? []), operation]);
    return [...byTag].map(([tag, operations]) => typedCommandController(version, tag, operations));
  });
}

/** The typed endpoints of one feature profile / functional block of a version (the class carries the OpenAPI tag). */
function typedCommandController(version: OcppVersion, tag: string, operations: TypedOperation[]): Type {
  class TypedOcppCommandsController {
    constructor(readonly deps: StationApiDeps) {}
  }
  Object.defineProperty(TypedOcppCommandsController, 'name', { value: `${tag.replace(/[^A-Za-z0-9]/g, '')}CommandsController` });
  Inject(STATION_API)(TypedOcppCommandsController, undefined, 0);
  Reflect.defineMetadata('design:paramtypes', [Object], TypedOcppCommandsController);
  const prototype = TypedOcppCommandsController.prototype as unknown as Record<string, unknown>;
  for (const operation of operations) {
    const name = operation.operationId;
    const handler = function (this: TypedOcppCommandsController, id: string, body: unknown, query: { timeoutMs?: number }): Promise<CommandAnswer> {
      return this.deps.commands.send(id, operation.action, body ?? {}, { version, timeoutMs: query.timeoutMs });
    };
    Object.defineProperty(handler, 'name', { value: name });
    Object.defineProperty(prototype, name, { value: handler, writable: true, configurable: true, enumerable: false });
    Reflect.defineMetadata('design:paramtypes', [String, Object, Object], prototype, name);
    Reflect.defineMetadata('design:returntype', Promise, prototype, name);
    Param('id')(prototype, name, 0);
    Body()(prototype, name, 1);
    Query(new SchemaPipe(commandQuerySchema, 'query'))(prototype, name, 2);
    const request = officialSchema(version, operation.action, 'request');
    const response = officialSchema(version, operation.action, 'response');
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
    const decorated = Reflect.decorate(
      [
        Post(`:id/${operation.route}`),
        HttpCode(200),
        ApiOperation({
          operationId: name,
          summary: `${operation.action} (${version})`,
          description: `Sends ${operation.action} to a ${version} station and answers with its CALLRESULT. The body is the official ${operation.action} request; a station of another version gets 400.`,
        }),
        ApiStationId,
        ApiTimeout,
        ApiBody({ schema: (request ? toOpenApiSchema(request) : { type: 'object' }) as SchemaObject }),
        ApiResponse({ status: 200, description: `The station's ${operation.action} response`, schema: commandAnswerSchema(response ? toOpenApiSchema(response) : { type: 'object' }) }),
        ...commandErrors,
      ],
      prototype,
      name,
      descriptor,
    ) as PropertyDescriptor | undefined;
    Object.defineProperty(prototype, name, decorated ?? descriptor);
  }
  Controller('api/v1/stations')(TypedOcppCommandsController);
  ApiSecurity('apiKey')(TypedOcppCommandsController);
  ApiTags(tag)(TypedOcppCommandsController);
  return TypedOcppCommandsController;
}
