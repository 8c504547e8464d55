import 'reflect-metadata';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiBody, ApiExtension, ApiOperation, ApiResponse, ApiSecurity, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Public } from '../keys/api-key.guard';
import { OpenApiSchemaValidator } from './openapi-ajv';
import {
  DuplicateOperationIdsError,
  PUBLIC_OPERATION_EXTENSION,
  SECURITY_SCHEMES_EXTENSION,
  operationsOf,
  pascalCase,
  polishDocument,
} from './polish-document';
import { problemSchema } from './problem-schema';

type Json = Record<string, unknown>;
type Operation = Json & {
  responses: Record<string, Json & { content?: Record<string, Json> }>;
  requestBody?: { content: Record<string, Json> };
};
type Doc = { servers: unknown; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };

const widget = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string', minLength: 1, maxLength: 40 },
    createdAt: { type: 'string', format: 'date-time' },
  },
};
const oldProblem = {
  type: 'object',
  properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' } },
};

/** What SwaggerModule generates for a small API: inline schemas, no servers, no 401/403. */
function aDocument(overrides: { paths?: Record<string, Record<string, Json>> } = {}): Json {
  return {
    openapi: '3.0.0',
    info: { title: 'T', version: '1' },
    security: [{ apiKey: [] }],
    components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
    paths: overrides.paths ?? {
      '/api/v1/widgets': {
        get: {
          operationId: 'listWidgets',
          summary: 'List widgets',
          parameters: [],
          responses: {
            '200': { description: '', content: { 'application/json': { schema: { type: 'array', items: widget } } } },
            '400': { description: 'Bad query', content: { 'application/problem+json': { schema: oldProblem } } },
          },
        },
        post: {
          operationId: 'createWidget',
          summary: 'Create a widget',
          description: 'Stores a widget.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: widget.properties.name } },
              },
            },
          },
          responses: {
            '201': { description: 'Created', content: { 'application/json': { schema: widget } } },
            '409': { description: 'Exists', content: { 'application/problem+json': { schema: problemSchema } } },
          },
        },
      },
      '/api/v1/widgets.csv': {
        get: {
          operationId: 'exportWidgets',
          summary: 'Widgets as CSV',
          responses: {
            '200': {
              description: 'CSV',
              content: { 'application/json': { schema: { type: 'array', items: widget } }, 'text/csv': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/files/{token}': {
        get: { operationId: 'download', [PUBLIC_OPERATION_EXTENSION]: true, responses: { '200': { description: 'The file' } } },
      },
    },
  };
}

const polished = (input: Json = aDocument()): Doc => polishDocument(input) as unknown as Doc;

describe('polishDocument: the OpenAPI document a process serves (issue #16)', () => {
  it('names servers, and adds Problem to the components; problem answers that say no more refer to it', () => {
    const doc = polished();
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.components.schemas.Problem).toEqual(problemSchema);
    expect(doc.paths['/api/v1/widgets'].get.responses['400'].content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
    expect(doc.paths['/api/v1/widgets'].post.responses['409'].content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
  });

  it('keeps a problem schema that documents more than Problem', () => {
    const input = aDocument();
    const special = { type: 'object', properties: { title: { type: 'string' }, callError: { type: 'object' } } };
    ((input.paths as Doc['paths'])['/api/v1/widgets'].get.responses['400'].content as Record<string, Json>)[
      'application/problem+json'
    ].schema = special;
    expect(polished(input).paths['/api/v1/widgets'].get.responses['400'].content!['application/problem+json'].schema).toEqual(special);
  });

  it('makes every protected operation need the API key and document 401 and 403 as problems; a public one neither', () => {
    const doc = polished();
    for (const { path, operation } of operationsOf(doc)) {
      const { responses, security } = operation as Operation;
      if (path === '/files/{token}') {
        expect([path, security, responses['401'], responses['403'], responses['4XX']?.content]).toEqual([
          path,
          [],
          undefined,
          undefined,
          { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        ]);
        expect(operation).not.toHaveProperty(PUBLIC_OPERATION_EXTENSION);
        continue;
      }
      expect([path, security]).toEqual([path, [{ apiKey: [] }]]);
      for (const status of ['401', '403'])
        expect(responses[status]?.content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
    }
  });

  it('gives every operation a summary and a description, and every answer a description', () => {
    const doc = polished();
    const get = doc.paths['/api/v1/widgets'].get;
    expect([get.summary, get.description]).toEqual(['List widgets', 'List widgets.']);
    expect(doc.paths['/api/v1/widgets'].post.description).toBe('Stores a widget.');
    expect(doc.paths['/files/{token}'].get.summary).toBe('GET /files/{token}');
    expect(get.responses['200'].description).toBe('OK');
  });

  it('hoists inline request and 2xx schemas into named components, per media type', () => {
    const doc = polished();
    expect(Object.keys(doc.components.schemas)).toEqual([
      'CreateWidgetRequest',
      'CreateWidgetResponse',
      'ExportWidgetsCsvResponse',
      'ExportWidgetsResponse',
      'ListWidgetsResponse',
      'Problem',
    ]);
    expect(doc.paths['/api/v1/widgets'].post.requestBody!.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateWidgetRequest',
    });
    expect(doc.paths['/api/v1/widgets.csv'].get.responses['200'].content!['text/csv'].schema).toEqual({
      $ref: '#/components/schemas/ExportWidgetsCsvResponse',
    });
    expect(doc.components.schemas.CreateWidgetResponse).toEqual(widget);
  });

  it('shares a name between identical schemas and numbers different ones that would clash', () => {
    const answer = (schema: Json): Json => ({ '200': { description: 'OK', content: { 'application/json': { schema } } } });
    const doc = polished(
      aDocument({
        paths: {
          '/a': { get: { operationId: 'get_thing', summary: 'a', responses: answer(widget) } },
          '/b': { get: { operationId: 'getThing', summary: 'b', responses: answer({ type: 'string' }) } },
          '/c': { get: { operationId: 'get-thing', summary: 'c', responses: answer(widget) } },
        },
      }),
    );
    expect(['/a', '/b', '/c'].map((p) => doc.paths[p].get.responses['200'].content!['application/json'].schema)).toEqual([
      { $ref: '#/components/schemas/GetThingResponse' },
      { $ref: '#/components/schemas/GetThingResponse2' },
      { $ref: '#/components/schemas/GetThingResponse' },
    ]);
  });

  it('gives every request body and 2xx answer an example that fits its schema, and keeps one it has', () => {
    const input = aDocument();
    (input.paths as Doc['paths'])['/api/v1/widgets'].post.requestBody!.content['application/json'].example = { name: 'mine' };
    const doc = polished(input);
    const validator = new OpenApiSchemaValidator(doc.components);
    expect(doc.paths['/api/v1/widgets'].post.requestBody!.content['application/json'].example).toEqual({ name: 'mine' });
    expect(doc.paths['/api/v1/widgets'].get.responses['200'].content!['application/json'].example).toEqual([
      { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', name: 'string' },
    ]);
    let checked = 0;
    for (const { operation } of operationsOf(doc)) {
      const { requestBody, responses } = operation as Operation;
      const media = [
        ...Object.values(requestBody?.content ?? {}),
        ...Object.entries(responses)
          .filter(([s]) => s.startsWith('2'))
          .flatMap(([, r]) => Object.values(r.content ?? {})),
      ];
      for (const m of media) {
        expect(m).toHaveProperty('example');
        expect(validator.errors(m.schema, m.example)).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBe(5);
  });

  it('refuses duplicate operationIds, naming every operation of each, and never renames them', () => {
    const input = aDocument();
    const paths = input.paths as Doc['paths'];
    paths['/api/v1/widgets.csv'].get.operationId = 'listWidgets';
    delete paths['/files/{token}'].get.operationId;
    expect(() => polishDocument(input)).toThrow(DuplicateOperationIdsError);
    expect(() => polishDocument(input)).toThrow(
      'listWidgets: GET /api/v1/widgets, GET /api/v1/widgets.csv; (no operationId): GET /files/{token}',
    );
  });

  it('is deterministic and leaves its input as it was', () => {
    const input = aDocument();
    const copy = structuredClone(input);
    expect(polishDocument(input)).toEqual(polishDocument(aDocument()));
    expect(input).toEqual(copy);
  });

  it.each([
    ['ocpp16RemoteStartTransaction', 'Ocpp16RemoteStartTransaction'],
    ['listStations', 'ListStations'],
    ['ApiKeysController_create', 'ApiKeysControllerCreate'],
    ['csv', 'Csv'],
  ])('pascalCase(%s) = %s', (input, expected) => expect(pascalCase(input)).toBe(expected));
});

describe('polishDocument on what SwaggerModule generates from NestJS controllers', () => {
  @Controller('api/v1/things')
  class ThingsController {
    @Get()
    @ApiOperation({ operationId: 'listThings', summary: 'List things' })
    @ApiResponse({ status: 200, schema: { type: 'array', items: { type: 'string' } } })
    list(): string[] {
      return [];
    }

    @Post()
    @ApiOperation({ operationId: 'createThing', summary: 'Create a thing' })
    @ApiBody({ schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } })
    @ApiResponse({ status: 201, schema: { type: 'object', properties: { name: { type: 'string' } } } })
    create(@Body() body: { name: string }): { name: string } {
      return body;
    }
  }

  @Public()
  @Controller('files')
  class FilesController {
    @Get(':token')
    @ApiOperation({ operationId: 'downloadFile', summary: 'A file; the token is the credential' })
    download(): string {
      return '';
    }
  }

  // A public operation with a credential of its own (OCPI partners: Authorization: Token …).
  @Public()
  @ApiSecurity('partnerToken')
  @ApiExtension(SECURITY_SCHEMES_EXTENSION, { partnerToken: { type: 'apiKey', in: 'header', name: 'Authorization' } })
  @Controller('partner')
  class PartnerController {
    @Get('versions')
    @ApiOperation({ operationId: 'partnerVersions', summary: 'Versions, for partners' })
    @ApiResponse({ status: 401, description: 'No or an unknown partner token' })
    versions(): string[] {
      return [];
    }
  }

  @Module({ controllers: [ThingsController, FilesController, PartnerController] })
  class ThingsModule {}

  it('marks @Public() operations public and every other one protected', async () => {
    const app = await NestFactory.create(ThingsModule, { logger: false });
    try {
      const generated = SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
          .addSecurityRequirements('apiKey')
          .build(),
      );
      const doc = polished(generated as unknown as Json);
      const byId = Object.fromEntries(operationsOf(doc).map(({ operation }) => [operation.operationId, operation as Operation]));
      expect(byId.downloadFile).toMatchObject({ security: [] });
      expect(Object.keys(byId.downloadFile!.responses).sort()).toEqual(['200', '4XX']);
      expect(byId.createThing).toMatchObject({
        security: [{ apiKey: [] }],
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateThingRequest' }, example: { name: 'string' } } },
        },
      });
      expect(Object.keys(byId.listThings!.responses).sort()).toEqual(['200', '401', '403']);
      // A public operation keeps the requirement of its own scheme, which is declared once, and gets no API-key answers.
      expect(byId.partnerVersions).toMatchObject({ security: [{ partnerToken: [] }] });
      expect(byId.partnerVersions).not.toHaveProperty(SECURITY_SCHEMES_EXTENSION);
      expect(Object.keys(byId.partnerVersions!.responses).sort()).toEqual(['401']);
      expect((doc as unknown as { components: { securitySchemes: Json } }).components.securitySchemes).toEqual({
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        partnerToken: { type: 'apiKey', in: 'header', name: 'Authorization' },
      });
      expect(Object.keys(doc.components.schemas)).toEqual(['CreateThingRequest', 'CreateThingResponse', 'ListThingsResponse', 'Problem']);
    } finally {
      await app.close();
    }
  });
});
