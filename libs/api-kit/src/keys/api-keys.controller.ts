import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { notFound } from '../http/problem';
import { SchemaPipe } from '../http/schema-pipe';
import { API_KEY_SCOPES, type ApiKeyScope } from './api-key.entity';
import { API_KEY_STORE, RequireScope } from './api-key.guard';
import type { ApiKeyStore, ApiKeyView } from './api-key-store';
import { problemSchema } from '../openapi/problem-schema';

const problem = { 'application/problem+json': { schema: problemSchema } };

const createSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'scope'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, scope: { type: 'string', enum: [...API_KEY_SCOPES] } },
};
const keyViewSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    scope: { type: 'string', enum: [...API_KEY_SCOPES] },
    createdAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: 'string', format: 'date-time', nullable: true },
    lastUsedAt: { type: 'string', format: 'date-time', nullable: true },
  },
};

@ApiTags('api-keys')
@ApiSecurity('apiKey')
@RequireScope('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(@Inject(API_KEY_STORE) private readonly store: ApiKeyStore) {}

  @Post()
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Create an API key (shown once, stored hashed)',
    description:
      'Creates an API key with a scope (read, write or admin). The key is in this answer only: it is stored hashed and cannot be shown again. Needs an admin key.',
  })
  @ApiBody({ schema: createSchema })
  @ApiResponse({
    status: 201,
    description: 'The key (shown this once) and what is stored of it',
    schema: { type: 'object', properties: { key: { type: 'string' }, apiKey: keyViewSchema } },
  })
  @ApiResponse({ status: 400, description: 'Invalid body', content: problem })
  async create(
    @Body(new SchemaPipe(createSchema)) body: { name: string; scope: ApiKeyScope },
  ): Promise<{ key: string; apiKey: ApiKeyView }> {
    const { key, view } = await this.store.create(body.name, body.scope);
    return { key, apiKey: view };
  }

  @Get()
  @ApiOperation({
    operationId: 'listApiKeys',
    summary: 'List API keys (never their secrets)',
    description: 'Lists API keys with their scope, creation, last use and revocation, never their secrets. Needs an admin key.',
  })
  @ApiResponse({ status: 200, description: 'Every API key, revoked ones included', schema: { type: 'array', items: keyViewSchema } })
  list(): Promise<ApiKeyView[]> {
    return this.store.list();
  }

  @Get('current')
  @RequireScope('read')
  @ApiOperation({
    operationId: 'getCurrentApiKey',
    summary: 'The API key of this request: its id and scope',
    description:
      'Tells a client (the operator console) which key it holds and what that key may do: read (GET only), write (commands and changes) or admin (API keys too). Any valid key may ask.',
  })
  @ApiResponse({
    status: 200,
    description: 'The id and scope of the key sent',
    schema: {
      type: 'object',
      required: ['id', 'scope'],
      properties: { id: { type: 'string' }, scope: { type: 'string', enum: [...API_KEY_SCOPES] } },
    },
  })
  current(@Req() request: { apiKeyId?: string; apiKeyScope?: ApiKeyScope }): { id: string; scope: ApiKeyScope } {
    return { id: request.apiKeyId!, scope: request.apiKeyScope! };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    description: 'Revokes an API key: it is refused from now on. Needs an admin key.',
  })
  @ApiResponse({ status: 204, description: 'Revoked' })
  @ApiResponse({ status: 404, description: 'No active API key with this id', content: problem })
  async revoke(@Param('id') id: string): Promise<void> {
    if (!(await this.store.revoke(id))) throw notFound(`No active API key ${id}`);
  }
}
