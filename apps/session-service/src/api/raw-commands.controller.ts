import { Body, Controller, HttpCode, Inject, Param, Post, Query, applyDecorators, type PipeTransform, type Type } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { SchemaPipe, badRequest, toOpenApiSchema } from '@voltlane/api-kit';
import { commandOwner } from '@voltlane/contracts';
import { OCPP_VERSIONS, actionsOf, ocppValidator, schemaFor, type OcppVersion } from '@voltlane/ocpp';
import type { SessionCommands } from '../commands/session-commands';
import { ApiQueries, CommandResponses } from './openapi';
import { timeoutQuerySchema } from './schemas';
import { SESSION_COMMANDS } from './session-api.tokens';

type Json = Record<string, unknown>;

/** The path segment of a version (`/ocpp16/`, `/ocpp201/`, `/ocpp21/`). */
export const VERSION_SEGMENT: Record<OcppVersion, string> = { 'ocpp1.6': 'ocpp16', 'ocpp2.0.1': 'ocpp201', 'ocpp2.1': 'ocpp21' };


/** The CSMS→station actions whose typed endpoints the session-service serves. */
export function sessionActions(version: OcppVersion): string[] {
  return actionsOf(version, 'CsmsToStation')
    .map((info) => info.action)
    .filter((action) => commandOwner(action) === 'session-service');
}

export function kebab(action: string): string {
  return action.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** The official request schema of an action (from @voltlane/ocpp's registry). */
export function officialRequestSchema(version: OcppVersion, action: string): Json {
  const schema = schemaFor(version, action, 'request');
  if (!schema) throw new Error(`no ${version} request schema for ${action}`);
  return schema;
}

/** Validates a body against the official request schema of the action (400 on failure). */
export class OcppRequestPipe implements PipeTransform<unknown, Json> {
  constructor(private readonly version: OcppVersion, private readonly action: string) {}

  transform(value: unknown): Json {
    const body = value ?? {};
    const outcome = ocppValidator.validateRequest(this.version, this.action, body);
    if (!outcome.ok) throw badRequest(`Invalid ${this.version} ${this.action} request: ${outcome.message}`, { error: outcome.error });
    return body as Json;
  }
}

/** One controller per version: `POST /api/v1/stations/{id}/<ocppXX>/<kebab-action>` for the session-owned actions. */
function rawController(version: OcppVersion): Type {
  const segment = VERSION_SEGMENT[version];

  @ApiTags(`ocpp commands (${version})`)
  @Controller('api/v1/stations/:id')
  class RawSessionCommandsController {
    constructor(@Inject(SESSION_COMMANDS) readonly commands: SessionCommands) {}
  }
  Object.defineProperty(RawSessionCommandsController, 'name', { value: `RawSessionCommands${segment}Controller` });

  const prototype = RawSessionCommandsController.prototype as unknown as Record<string, unknown>;
  for (const action of sessionActions(version)) {
    const method = `send${action}`;
    prototype[method] = function (this: RawSessionCommandsController, stationId: string, body: Json, query: { timeoutMs?: number }) {
      return this.commands.sendRaw(stationId, version, action, body, query.timeoutMs);
    };
    Reflect.defineMetadata('design:paramtypes', [String, Object, Object], prototype, method);
    Param('id')(prototype, method, 0);
    Body(new OcppRequestPipe(version, action))(prototype, method, 1);
    Query(new SchemaPipe(timeoutQuerySchema, 'query'))(prototype, method, 2);
    const descriptor = Object.getOwnPropertyDescriptor(prototype, method) as PropertyDescriptor;
    applyDecorators(
      Post(`${segment}/${kebab(action)}`),
      HttpCode(200),
      ApiOperation({ summary: `${version} ${action}, the official request schema as body` }),
      ApiParam({ name: 'id', description: 'Station id', schema: { type: 'string' } }),
      ApiBody({ schema: toOpenApiSchema(officialRequestSchema(version, action)) }),
      ApiQueries(timeoutQuerySchema),
      CommandResponses(),
    )(prototype, method, descriptor);
  }
  return RawSessionCommandsController;
}

export const rawSessionCommandControllers: Type[] = OCPP_VERSIONS.map(rawController);
