import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SchemaPipe, apiQueries, notFound, page, pageSchema, type Page, type PageQuery } from '@voltlane/api-kit';
import type { TokenStatus } from '@voltlane/authorization';
import { TokenService, type CustomerView, type TokenInput, type TokenUpdate } from '../application/token.service';
import { CustomerProblemInterceptor } from './customer-problems';
import {
  customerBodySchema,
  customerListQuerySchema,
  customerSchema,
  problemSchema,
  tokenCreateSchema,
  tokenListQuerySchema,
  tokenSchema,
  tokenUpdateSchema,
} from './customer-api.schemas';
import { tokenView, type IdTokenView } from './customer-api.views';

const problem = { 'application/problem+json': { schema: problemSchema } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('customers')
@ApiSecurity('apiKey')
@ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
@ApiResponse({ status: 403, description: 'The key lacks the scope (GET: read, others: write)', content: problem })
@UseInterceptors(CustomerProblemInterceptor)
@Controller('api/v1/customers')
export class CustomersController {
  constructor(@Inject(TokenService) private readonly tokens: TokenService) {}

  @Post()
  @ApiOperation({
    operationId: 'createCustomer',
    summary: 'Create a customer',
    description: 'Creates a customer (a name); id tokens can then belong to it.',
  })
  @ApiBody({ schema: customerBodySchema })
  @ApiResponse({ status: 201, description: 'Created', schema: customerSchema })
  @ApiResponse({ status: 400, description: 'Invalid body (unknown fields included)', content: problem })
  create(@Body(new SchemaPipe(customerBodySchema)) body: { name: string }): Promise<CustomerView> {
    return this.tokens.createCustomer(body);
  }

  @Get()
  @ApiOperation({
    operationId: 'listCustomers',
    summary: 'List customers (paged, by name)',
    description: 'Pages through customers, filtered by name.',
  })
  @apiQueries(customerListQuerySchema)
  @ApiResponse({ status: 200, description: 'A page of customers', schema: pageSchema(customerSchema) })
  @ApiResponse({ status: 400, description: 'Invalid query', content: problem })
  async list(@Query(new SchemaPipe(customerListQuerySchema, 'query')) query: PageQuery & { name?: string }): Promise<Page<CustomerView>> {
    const { items, total } = await this.tokens.listCustomers({ nameContains: query.name }, query);
    return page(items, total, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getCustomer', summary: 'A customer', description: 'One customer by its id.' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiResponse({ status: 200, description: 'The customer', schema: customerSchema })
  @ApiResponse({ status: 404, description: 'No such customer', content: problem })
  async get(@Param('id') id: string): Promise<CustomerView> {
    const customer = UUID.test(id) ? await this.tokens.getCustomer(id) : null;
    if (!customer) throw notFound(`customer ${id} not found`);
    return customer;
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateCustomer', summary: 'Rename a customer', description: 'Renames a customer.' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiBody({ schema: customerBodySchema })
  @ApiResponse({ status: 200, description: 'Updated', schema: customerSchema })
  @ApiResponse({ status: 400, description: 'Invalid body', content: problem })
  @ApiResponse({ status: 404, description: 'No such customer', content: problem })
  update(@Param('id') id: string, @Body(new SchemaPipe(customerBodySchema)) body: { name: string }): Promise<CustomerView> {
    return this.tokens.updateCustomer(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteCustomer',
    summary: 'Delete a customer and its tokens',
    description: 'Deletes a customer together with its id tokens; the tokens are published as deleted.',
  })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiResponse({ status: 204, description: 'Deleted (its tokens are published as deleted)' })
  @ApiResponse({ status: 404, description: 'No such customer', content: problem })
  async remove(@Param('id') id: string): Promise<void> {
    await this.tokens.deleteCustomer(id);
  }
}

interface TokenListQuery extends PageQuery {
  customerId?: string;
  status?: TokenStatus;
  type?: string;
  idToken?: string;
  groupIdToken?: string;
  expired?: boolean;
}

const tokenParams = [
  ApiParam({ name: 'type', description: 'Token type', schema: { type: 'string', pattern: '^[A-Za-z0-9]{1,20}$' } }),
  ApiParam({ name: 'idToken', description: 'Token value (URL-encoded; case-insensitive)', schema: { type: 'string', maxLength: 36 } }),
];
function ApiTokenParams(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const decorate of tokenParams) decorate(target, key, descriptor);
  };
}

@ApiTags('id tokens')
@ApiSecurity('apiKey')
@ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
@ApiResponse({ status: 403, description: 'The key lacks the scope (GET: read, others: write)', content: problem })
@UseInterceptors(CustomerProblemInterceptor)
@Controller('api/v1/id-tokens')
export class IdTokensController {
  constructor(@Inject(TokenService) private readonly tokens: TokenService) {}

  @Post()
  @ApiOperation({
    operationId: 'createIdToken',
    summary: 'Create an id token (1.6 idTag / 2.x idToken)',
    description:
      'Creates an id token (a 1.6 idTag or a 2.x idToken with its type) with status, customer, expiry, group and the number of sessions it may run at once.',
  })
  @ApiBody({ schema: tokenCreateSchema })
  @ApiResponse({ status: 201, description: 'Created', schema: tokenSchema })
  @ApiResponse({ status: 400, description: 'Invalid body', content: problem })
  @ApiResponse({ status: 404, description: 'customerId names no customer', content: problem })
  @ApiResponse({ status: 409, description: 'A token with this type and value exists', content: problem })
  async create(@Body(new SchemaPipe(tokenCreateSchema)) body: TokenInput): Promise<IdTokenView> {
    return tokenView(await this.tokens.createToken(body));
  }

  @Get()
  @ApiOperation({
    operationId: 'listIdTokens',
    summary: 'List id tokens (paged; by customer, status, type, value, group, expiry)',
    description: 'Pages through id tokens; filter by customer, status, type, value, group and expiry.',
  })
  @apiQueries(tokenListQuerySchema)
  @ApiResponse({ status: 200, description: 'A page of tokens', schema: pageSchema(tokenSchema) })
  @ApiResponse({ status: 400, description: 'Invalid query', content: problem })
  async list(@Query(new SchemaPipe(tokenListQuerySchema, 'query')) query: TokenListQuery): Promise<Page<IdTokenView>> {
    const now = new Date();
    const { items, total } = await this.tokens.listTokens(
      {
        customerId: query.customerId,
        status: query.status,
        type: query.type,
        idToken: query.idToken,
        groupIdToken: query.groupIdToken,
        ...(query.expired === true ? { expiredAt: now } : query.expired === false ? { validAt: now } : {}),
      },
      query,
    );
    return page(items.map(tokenView), total, query);
  }

  @Get(':type/:idToken')
  @ApiOperation({
    operationId: 'getIdToken',
    summary: 'An id token',
    description: 'One id token by its type and value (the value is case-insensitive).',
  })
  @ApiTokenParams()
  @ApiResponse({ status: 200, description: 'The token', schema: tokenSchema })
  @ApiResponse({ status: 404, description: 'No such token', content: problem })
  async get(@Param('type') type: string, @Param('idToken') idToken: string): Promise<IdTokenView> {
    const token = await this.tokens.getToken({ idToken, type });
    if (!token) throw notFound(`token ${type}:${idToken} not found`);
    return tokenView(token);
  }

  @Patch(':type/:idToken')
  @ApiOperation({
    operationId: 'updateIdToken',
    summary: 'Change a token (status, customer, expiry, group, maxActiveSessions)',
    description: 'Changes an id token: status, customer, expiry, group or maxActiveSessions.',
  })
  @ApiTokenParams()
  @ApiBody({ schema: tokenUpdateSchema })
  @ApiResponse({ status: 200, description: 'Updated', schema: tokenSchema })
  @ApiResponse({ status: 400, description: 'Invalid body (type and value are the identity and cannot change)', content: problem })
  @ApiResponse({ status: 404, description: 'No such token or customer', content: problem })
  async update(
    @Param('type') type: string,
    @Param('idToken') idToken: string,
    @Body(new SchemaPipe(tokenUpdateSchema)) body: TokenUpdate,
  ): Promise<IdTokenView> {
    return tokenView(await this.tokens.updateToken({ idToken, type }, body));
  }

  @Post(':type/:idToken/block')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'blockIdToken',
    summary: 'Block a token (status Blocked)',
    description: 'Sets the status of an id token to Blocked.',
  })
  @ApiTokenParams()
  @ApiResponse({ status: 200, description: 'Blocked', schema: tokenSchema })
  @ApiResponse({ status: 404, description: 'No such token', content: problem })
  async block(@Param('type') type: string, @Param('idToken') idToken: string): Promise<IdTokenView> {
    return tokenView(await this.tokens.blockToken({ idToken, type }));
  }

  @Post(':type/:idToken/unblock')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'unblockIdToken',
    summary: 'Unblock a token (status Accepted)',
    description: 'Sets the status of an id token back to Accepted.',
  })
  @ApiTokenParams()
  @ApiResponse({ status: 200, description: 'Accepted again', schema: tokenSchema })
  @ApiResponse({ status: 404, description: 'No such token', content: problem })
  async unblock(@Param('type') type: string, @Param('idToken') idToken: string): Promise<IdTokenView> {
    return tokenView(await this.tokens.unblockToken({ idToken, type }));
  }

  @Delete(':type/:idToken')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteIdToken',
    summary: 'Delete a token',
    description: 'Deletes an id token; it is published as deleted.',
  })
  @ApiTokenParams()
  @ApiResponse({ status: 204, description: 'Deleted (published as deleted)' })
  @ApiResponse({ status: 404, description: 'No such token', content: problem })
  async remove(@Param('type') type: string, @Param('idToken') idToken: string): Promise<void> {
    await this.tokens.deleteToken({ idToken, type });
  }
}
