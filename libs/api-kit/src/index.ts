export { ProblemError, ProblemFilter, badRequest, conflict, notFound } from './http/problem';
export { SchemaPipe } from './http/schema-pipe';
export { Int32Pipe, parseInt32, INT32_MAX, INT32_MIN } from './http/int32-pipe';
export { listQuerySchema, page, pageSchema, paginationQuerySchema, type Page, type PageQuery } from './http/pagination';
export { csvField, csvHeader, csvLine, csvRow, csvTable, type CsvCell, type CsvColumn } from './http/csv';
export { startHttpApi, type HttpApi, type HttpApiOptions } from './http/http-api';
export type { HttpReadinessCheck } from './http/health.controller';
export { API_KEY_SCOPES, type ApiKeyScope } from './keys/api-key.entity';
export { API_KEY_FORM, ApiKeyStore, apiKeyId, generateApiKey, scopeAllows, type ApiKeyView } from './keys/api-key-store';
export { BOOTSTRAP_ADMIN_KEY_VARIABLE, readBootstrapAdminKey } from './keys/bootstrap-admin-key';
export { Public, RequireScope } from './keys/api-key.guard';
export { COMMAND_QUEUE_FULL_RESPONSE, COMMAND_QUEUE_FULL_RETRY_AFTER_S, commandResponse } from './commands/command-result.http';
export { toOpenApiSchema } from './openapi/openapi-schema';
export { apiQueries } from './openapi/api-queries';
export { PROBLEM_MEDIA_TYPE, PROBLEM_SCHEMA_NAME, problemSchema } from './openapi/problem-schema';
export { SECURITY_SCHEMES_EXTENSION } from './openapi/polish-document';
export { CONSOLE_SECURITY_HEADERS, ConsoleFiles, readConsoleLocation, type ConsoleLocation } from './console/console-files';
export { startServiceHttpApi, type ServiceHttpApiOptions } from './http/service-http-api';
export { loadServiceHttpConfig, readApiAddress, readApiKeysSchema, type ServiceHttpConfig } from './http/service-http-config';
export { infraReadiness } from './http/infra-readiness';
export { runServiceProcess, type ServiceProcessOptions } from './http/run-service-process';
export { parseUpstreams, type Upstream } from './edge/upstreams';
export { RouteTable, type RouteLookup, type RouteMatch, type ServiceDocument } from './edge/route-table';
export { OWNER_EXTENSION, mergeDocuments } from './edge/merge-documents';
export { SERVICE_DOCUMENT_PATH, startApiEdge, type ApiEdge, type ApiEdgeOptions } from './edge/edge-server';
export { PENDING_ALLOWED_ACTIONS, commandAllowed, type CommandGate } from './commands/command-policy';
export {
  DEFAULT_COMMAND_TIMEOUT_MS,
  OperatorCommands,
  type CommandAnswer,
  type CommandPorts,
  type OperatorCommand,
  type OperatorCommandsOptions,
  type PreparedCommand,
} from './commands/operator-commands';
export { VERSION_PREFIX, kebabCase, typedOperations, type TypedOperation } from './commands/typed-operations';
export { commandPartsSchema } from './commands/splitting/command-parts.schema';
export type { PartOutcome, PartedResult } from './commands/splitting/parted-send';
export {
  ApiCommandErrors,
  ApiCommandTimeout,
  ApiStationId,
  CommandTimeoutQuery,
  STATION_ID_PATTERN,
  TYPED_COMMAND_SENDER,
  commandAnswerSchema,
  commandErrorResponses,
  commandQuerySchema,
  typedCommandControllers,
  type TypedCommandSender,
} from './commands/typed-command-controllers';
