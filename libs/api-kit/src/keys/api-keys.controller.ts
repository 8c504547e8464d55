import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { notFound } from '../http/problem';
import { SchemaPipe } from '../http/schema-pipe';
import { API_KEY_SCOPES, type ApiKeyScope } from './api-key.entity';
import { API_KEY_STORE, RequireScope } from './api-key.guard';
import type { ApiKeyStore, ApiKeyView } from './api-key-store';

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
  @ApiOperation({ summary: 'Create an API key (shown once, stored hashed)' })
  @ApiBody({ schema: createSchema })
  @ApiResponse({ status: 201, schema: { type: 'object', properties: { key: { type: 'string' }, apiKey: keyViewSchema } } })
  async create(@Body(new SchemaPipe(createSchema)) body: { name: string; scope: ApiKeyScope }): Promise<{ key: string; apiKey: ApiKeyView }> {
    const { key, view } = await this.store.create(body.name, body.scope);
    return { key, apiKey: view };
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (never their secrets)' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: keyViewSchema } })
  list(): Promise<ApiKeyView[]> {
    return this.store.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key' })
  async revoke(@Param('id') id: string): Promise<void> {
    if (!(await this.store.revoke(id))) throw notFound(`No active API key ${id}`);
  }
}
