import { Injectable, SetMetadata, applyDecorators, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import { ProblemError } from '../http/problem';
import { PUBLIC_OPERATION_EXTENSION } from '../openapi/polish-document';
import type { ApiKeyScope } from './api-key.entity';
import { scopeAllows, type ApiKeyStore } from './api-key-store';

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

/** Every endpoint needs a valid key (`Authorization: Bearer <key>` or `X-API-Key`) with the scope. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly store: ApiKeyStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { apiKeyId?: string }>();
    const key = keyOf(request);
    if (!key)
      throw new ProblemError(401, 'Unauthorized', 'An API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"');
    const granted = await this.store.verify(key);
    if (!granted) throw new ProblemError(401, 'Unauthorized', 'The API key is not valid');
    const required =
      this.reflector.getAllAndOverride<ApiKeyScope>(SCOPE, targets) ?? (['GET', 'HEAD'].includes(request.method) ? 'read' : 'write');
    if (!scopeAllows(granted.scope, required))
      throw new ProblemError(403, 'Forbidden', `This API key has scope "${granted.scope}"; "${required}" is needed`);
    request.apiKeyId = granted.id;
    return true;
  }
}

function keyOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}
