import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Histogram, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { context, trace, withLogContext } from '@voltlane/telemetry';
import { TrustedProxies } from '@voltlane/security';
import { ApiKeyGuard, API_KEY_STORE } from '../keys/api-key.guard';
import type { ApiKeyStore } from '../keys/api-key-store';
import { ApiKeysController } from '../keys/api-keys.controller';
import type { DeadLetters } from '@voltlane/service-kit';
import { DEAD_LETTERS, DeadLettersController } from '../dead-letters/dead-letters.controller';
import { HealthController, METRICS_REGISTRY, READINESS_CHECKS, type HttpReadinessCheck } from './health.controller';
import { startAccessLog } from './access-log';
import { requestTraceContext } from './request-trace';
import { rejectNulCharacters } from './nul-guard';
import { ProblemFilter } from './problem';
import { API_KEY_SECURITY_SCHEME, polishDocument } from '../openapi/polish-document';
import type { ConsoleFiles } from '../console/console-files';

export interface HttpApiOptions {
  /** The API modules of the services this process serves (one, or all in the all-in-one). */
  modules: DynamicModule[];
  port: number;
  host: string;
  keys: ApiKeyStore;
  logger: Logger;
  registry: Registry;
  readiness: HttpReadinessCheck[];
  /** Serve the API-key admin endpoints (one service in distributed mode, the all-in-one). */
  serveApiKeys?: boolean;
  /** Serve /api/v1/dead-letters (every process whose services consume records). */
  deadLetters?: DeadLetters;
  bodyLimit?: string;
  /** Proxies (ingress, the API edge) whose X-Forwarded-For names the client (TRUSTED_PROXIES); default none. */
  trustedProxies?: TrustedProxies;
  /** The operator console, served at / (the all-in-one). */
  console?: ConsoleFiles;
}

export interface HttpApi {
  app: INestApplication;
  port: number;
  url: string;
  close(): Promise<void>;
}

@Module({})
class HttpRootModule {
  static register(options: HttpApiOptions): DynamicModule {
    return {
      module: HttpRootModule,
      imports: options.modules,
      controllers: [
        HealthController,
        ...(options.serveApiKeys ? [ApiKeysController] : []),
        ...(options.deadLetters ? [DeadLettersController] : []),
      ],
      providers: [
        ...(options.deadLetters ? [{ provide: DEAD_LETTERS, useValue: options.deadLetters }] : []),
        { provide: API_KEY_STORE, useValue: options.keys },
        { provide: READINESS_CHECKS, useValue: options.readiness },
        { provide: METRICS_REGISTRY, useValue: options.registry },
        {
          provide: APP_GUARD,
          useFactory: (reflector: Reflector) => new ApiKeyGuard(reflector, options.keys, options.logger),
          inject: [Reflector],
        },
      ],
    };
  }
}

/**
 * The operator API of a process: every request needs an API key with the right scope (except
 * health and metrics), bodies are JSON up to a limit, errors are application/problem+json, and
 * the OpenAPI document generated from the controllers is served with Swagger UI at /docs.
 */
export async function startHttpApi(options: HttpApiOptions): Promise<HttpApi> {
  const server = express();
  server.disable('x-powered-by');
  const requests = new Histogram({
    name: 'voltlane_http_request_duration_seconds',
    help: 'Operator API requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 30],
    registers: [options.registry],
  });
  server.use((request: Request, response: Response, next: NextFunction) => {
    const end = requests.startTimer();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  });
  // The request's trace: the HTTP instrumentation's server span when traces are exported (named
  // by its route here, as the conventions want), else the caller's `traceparent` continued, so the
  // log lines and the command it sends to a station carry the caller's trace id.
  server.use((request: Request, response: Response, next: NextFunction) => {
    const active = trace.getSpan(context.active());
    if (active?.isRecording()) {
      response.on('finish', () => {
        const route = (request.route as { path?: string } | undefined)?.path;
        if (route) active.updateName(`${request.method} ${route}`);
      });
      next();
      return;
    }
    context.with(requestTraceContext(request), next);
  });
  // Inside the request's trace context, so the access log line carries its trace id; every line
  // logged while handling the request carries its request id.
  server.use((request: Request, response: Response, next: NextFunction) => {
    const { requestId } = startAccessLog(request, response, {
      logger: options.logger,
      trustedProxies: options.trustedProxies ?? TrustedProxies.none,
      route: () => (request.route as { path?: string } | undefined)?.path,
      keyId: () => (request as Request & { apiKeyId?: string }).apiKeyId,
    });
    withLogContext({ requestId }, next);
  });
  const consoleFiles = options.console;
  if (consoleFiles)
    server.use((request: Request, response: Response, next: NextFunction) => void (consoleFiles.handle(request, response) || next()));
  server.use(express.json({ limit: options.bodyLimit ?? '1mb', type: ['application/json', 'application/*+json'] }));
  server.use(rejectNulCharacters);
  const app = await NestFactory.create(HttpRootModule.register(options), new ExpressAdapter(server), { logger: false, bodyParser: false });
  app.useGlobalFilters(new ProblemFilter(options.logger));
  app.enableShutdownHooks();
  let document: OpenAPIObject;
  try {
    // Polished before it is served (issue #16): a duplicate operationId fails the start-up.
    document = polishDocument(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Voltlane operator API')
          .setDescription(
            'Operate OCPP 1.6, 2.0.1 and 2.1 charging stations. Every endpoint needs an API key (X-API-Key or Authorization: Bearer).',
          )
          .setVersion('1')
          .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
          .addApiKey(
            {
              type: 'apiKey',
              in: 'header',
              name: 'X-API-Key',
              description: 'An API key (npm run apikey, or POST /api/v1/api-keys); also accepted as "Authorization: Bearer <key>"',
            },
            API_KEY_SECURITY_SCHEME,
          )
          .addSecurityRequirements(API_KEY_SECURITY_SCHEME)
          .build(),
      ),
    );
  } catch (error) {
    await app.close();
    throw error;
  }
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.listen(options.port, options.host);
  const port = ((app.getHttpServer() as Server).address() as AddressInfo).port;
  return {
    app,
    port,
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    close: async () => {
      await app.close();
    },
  };
}
