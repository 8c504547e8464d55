import { Injectable, SetMetadata, applyDecorators, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { requestFacts } from '../http/access-log';
import { ProblemError } from '../http/problem';
import { PUBLIC_OPERATION_EXTENSION } from '../openapi/polish-document';
import type { ApiKeyScope } from './api-key.entity';
import { apiKeyId, scopeAllows, type ApiKeyStore } from './api-key-store';

const PUBLIC = 'voltlane:public';
const SCOPE = 'voltlane:scope';

/**
 * No API key needed: health checks, and the station-facing file URLs (their token in the path is the
 * credential). A documented public operation gets `security: []` and no 401/403 (polishDocument).
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));
/** The scope an endpoint needs; by default GET/HEAD need `read` and everything else `write`. */
export const RequireScope = (scope: ApiKeyScope): MethodDecorator & ClassDecorator => SetMetadata(SCOPE, scope);

export const API_KEY_STORE = Symbol('ApiKeyStore');

/**
 * Every endpoint needs a valid key (`Authorization: Bearer <key>` or `X-API-Key`) with the scope.
 * A refusal (401, 403) is logged as a security event: the reason, the client address, the key's
 * id when the key has the form of one, the route; never the key.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly store: ApiKeyStore,
    private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { apiKeyId?: string; apiKeyScope?: ApiKeyScope }>();
    const key = keyOf(request);
    if (!key)
      throw this.refused(request, 401, 'no API key', 'An API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"');
    const granted = await this.store.verify(key);
    if (!granted) {
      const id = apiKeyId(key);
      const reason = id ? 'unknown, revoked or wrong API key' : 'malformed API key';
      throw this.refused(request, 401, reason, 'The API key is not valid', id ?? undefined);
    }
    const required =
      this.reflector.getAllAndOverride<ApiKeyScope>(SCOPE, targets) ?? (['GET', 'HEAD'].includes(request.method) ? 'read' : 'write');
    if (!scopeAllows(granted.scope, required)) {
      const detail = `This API key has scope "${granted.scope}"; "${required}" is needed`;
      throw this.refused(request, 403, `scope "${granted.scope}", "${required}" needed`, detail, granted.id);
    }
    request.apiKeyId = granted.id;
    request.apiKeyScope = granted.scope;
    return true;
  }

  private refused(request: Request, status: 401 | 403, reason: string, detail: string, keyId?: string): ProblemError {
    const facts = requestFacts(request);
    this.logger.warn(
      {
        event: 'security.auth_failed',
        status,
        reason,
        ...(keyId ? { keyId } : {}),
        method: request.method,
        route: (request.route as { path?: string } | undefined)?.path,
        ...(facts
          ? {
              clientAddress: facts.client.address,
              ...(facts.client.via ? { peerAddress: facts.client.peer } : {}),
              requestId: facts.requestId,
            }
          : {}),
      },
      'security event: API request refused',
    );
    return new ProblemError(status, status === 401 ? 'Unauthorized' : 'Forbidden', detail);
  }
}

function keyOf(request: Pick<IncomingMessage, 'headers'>): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

/** The id part of the API key a request presents, unverified (for logs); undefined without a well-formed key. */
export function presentedKeyId(request: Pick<IncomingMessage, 'headers'>): string | undefined {
  const key = keyOf(request);
  return (key && apiKeyId(key)) || undefined;
}
