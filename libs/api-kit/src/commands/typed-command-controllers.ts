import { Body, Controller, HttpCode, Inject, Param, Post, Query, applyDecorators, type Type } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags, type SchemaObject } from '@nestjs/swagger';
import type { CommandOwner } from '@voltlane/contracts';
import { OCPP_VERSIONS, schemaFor, type OcppVersion } from '@voltlane/ocpp';
import { SchemaPipe } from '../http/schema-pipe';
import { toOpenApiSchema } from '../openapi/openapi-schema';
import { COMMAND_QUEUE_FULL_RESPONSE } from './command-result.http';
import { commandPartsSchema } from './splitting/command-parts.schema';
import type { CommandAnswer, OperatorCommands } from './operator-commands';
import { typedOperations, type TypedOperation } from './typed-operations';

/** What a service's typed command endpoints call: the action's official payload for a station of `version` (its OperatorCommands, or a sender in front of them). */
export type TypedCommandSender = Pick<OperatorCommands, 'sendTyped'>;

/** Provider token of the module's TypedCommandSender. */
export const TYPED_COMMAND_SENDER = Symbol('TYPED_COMMAND_SENDER');

export const STATION_ID_PATTERN = '^[A-Za-z0-9._:@*+|-]{1,48}$';
export const commandQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timeoutMs: {
      type: 'integer',
      minimum: 1000,
      maximum: 120_000,
      default: 30_000,
      description: 'How long to wait for the station, in ms',
    },
  },
} as const;

const commandProblemSchema: SchemaObject = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
  },
};
const problem = { 'application/problem+json': { schema: commandProblemSchema } };

/** `{protocol, result}`: the station's CALLRESULT payload as `result`. */
export const commandAnswerSchema = (result: object = { type: 'object' }): SchemaObject => ({
  type: 'object',
  required: ['protocol', 'result'],
  properties: {
    protocol: { type: 'string', enum: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] },
    result: result as SchemaObject,
    parts: commandPartsSchema,
  },
});

export const ApiStationId = ApiParam({
  name: 'id',
  description: 'Station identity',
  schema: { type: 'string', pattern: STATION_ID_PATTERN },
});
export const ApiCommandTimeout = ApiQuery({ name: 'timeoutMs', required: false, schema: commandQuerySchema.properties.timeoutMs });
/** The `{ timeoutMs }` query of a command endpoint, validated against commandQuerySchema (ApiCommandTimeout documents it). */
export const CommandTimeoutQuery = (): ParameterDecorator => Query(new SchemaPipe(commandQuerySchema, 'query'));

/** The error answers every command endpoint documents. */
export const commandErrorResponses: MethodDecorator[] = [
  ApiResponse({
    status: 400,
    description:
      "Unknown action, station→CSMS action, payload not fitting the version (code invalid-payload), a typed endpoint of another version (code protocol-mismatch), or a list entry larger alone than the station's byte limit (code exceeds-station-limit)",
    content: problem,
  }),
  ApiResponse({ status: 404, description: 'No such station (code station-not-found)', content: problem }),
  ApiResponse({
    status: 409,
    description:
      'Station offline (code station-offline), or its boot status does not allow the action (code boot-status: Rejected, or Pending and not a provisioning action)',
    content: problem,
  }),
  ApiResponse({ ...COMMAND_QUEUE_FULL_RESPONSE, content: problem }),
  ApiResponse({ status: 502, description: "The station's CALLERROR (callError) or an invalid CALLRESULT", content: problem }),
  ApiResponse({ status: 504, description: 'No answer within timeoutMs', content: problem }),
];
/** commandErrorResponses as one method decorator. */
export const ApiCommandErrors = (): MethodDecorator => applyDecorators(...commandErrorResponses);

const officialSchema = (version: OcppVersion, action: string, kind: 'request' | 'response'): SchemaObject => {
  const schema = schemaFor(version, action, kind);
  return schema ? toOpenApiSchema(schema) : { type: 'object' };
};

/**
 * The typed command endpoints of the actions `owner` owns (issue #16: one factory for every
 * service that owns commands): one controller per version and feature profile / functional block
 * (the OpenAPI tag), one operation per action — `POST /api/v1/stations/{id}/ocpp16/reset`,
 * operationId `ocpp16Reset`, the official request and response schemas — each calling the
 * module's TYPED_COMMAND_SENDER. Built at start-up: handlers are added to the prototype and the
 * Nest/Swagger decorators applied with `Reflect.decorate`.
 */
export function typedCommandControllers(owner: CommandOwner): Type[] {
  return OCPP_VERSIONS.flatMap((version) => {
    const byTag = new Map<string, TypedOperation[]>();
    for (const operation of typedOperations(version, owner)) byTag.set(operation.tag, [...(byTag.get(operation.tag) ?? []), operation]);
    return [...byTag].map(([tag, operations]) => typedController(version, tag, operations));
  });
}

function typedController(version: OcppVersion, tag: string, operations: TypedOperation[]): Type {
  class TypedCommandsController {
    constructor(readonly sender: TypedCommandSender) {}
  }
  Object.defineProperty(TypedCommandsController, 'name', { value: `${tag.replace(/[^A-Za-z0-9]/g, '')}CommandsController` });
  Inject(TYPED_COMMAND_SENDER)(TypedCommandsController, undefined, 0);
  Reflect.defineMetadata('design:paramtypes', [Object], TypedCommandsController);
  const prototype = TypedCommandsController.prototype as unknown as Record<string, unknown>;
  for (const operation of operations) {
    const name = operation.operationId;
    const handler = function (
      this: TypedCommandsController,
      id: string,
      body: unknown,
      query: { timeoutMs?: number },
    ): Promise<CommandAnswer> {
      return this.sender.sendTyped(version, id, operation.action, (body ?? {}) as Record<string, unknown>, query.timeoutMs);
    };
    Object.defineProperty(handler, 'name', { value: name });
    Object.defineProperty(prototype, name, { value: handler, writable: true, configurable: true, enumerable: false });
    Reflect.defineMetadata('design:paramtypes', [String, Object, Object], prototype, name);
    Reflect.defineMetadata('design:returntype', Promise, prototype, name);
    Param('id')(prototype, name, 0);
    Body()(prototype, name, 1);
    CommandTimeoutQuery()(prototype, name, 2);
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
    const decorated = Reflect.decorate(
      [
        Post(`:id/${operation.route}`),
        HttpCode(200),
        ApiOperation({
          operationId: name,
          summary: `${operation.action} (${version})`,
          description: `Sends ${operation.action} to a ${version} station and answers with its CALLRESULT. The body is the official ${operation.action} request, validated against the ${version} schema; a station of another version gets 400 (protocol-mismatch), and the station's boot status must allow the action (409 boot-status).`,
        }),
        ApiStationId,
        ApiCommandTimeout,
        ApiBody({ schema: officialSchema(version, operation.action, 'request') }),
        ApiResponse({
          status: 200,
          description: `The station's ${operation.action} response`,
          schema: commandAnswerSchema(officialSchema(version, operation.action, 'response')),
        }),
        ...commandErrorResponses,
      ],
      prototype,
      name,
      descriptor,
    ) as PropertyDescriptor | undefined;
    Object.defineProperty(prototype, name, decorated ?? descriptor);
  }
  Controller('api/v1/stations')(TypedCommandsController);
  ApiSecurity('apiKey')(TypedCommandsController);
  ApiTags(tag)(TypedCommandsController);
  return TypedCommandsController;
}
