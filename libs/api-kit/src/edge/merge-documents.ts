import { isDeepStrictEqual } from 'node:util';
import { DuplicateOperationIdsError, duplicateOperationIds } from '../openapi/polish-document';
import { HTTP_METHODS, type ServiceDocument } from './route-table';

/** OpenAPI extension on every operation of the merged document: the service that answers it. */
export const OWNER_EXTENSION = 'x-voltlane-service';

type Json = Record<string, unknown>;

export interface MergeOptions {
  /** `servers[0].url` of the merged document: where operators reach the API. */
  serverUrl: string;
  title?: string;
  description?: string;
  version?: string;
}

/**
 * One OpenAPI document for the whole operator API out of the services' own documents, in
 * upstream order:
 * - every path and operation, each marked with its owner (`x-voltlane-service`); an operation
 *   that several services declare (dead letters) is kept once, owned by the first;
 * - components merged by name; two services defining one name differently is a bug in one of
 *   them, so the later one is renamed `<service>_<name>` and its references follow;
 * - tags merged by name; security schemes and requirements from the first document;
 * - an operationId that two operations of different services use: DuplicateOperationIdsError
 *   (a client generated from the document would have two methods of one name), never a rename.
 */
export function mergeDocuments(documents: ServiceDocument[], options: MergeOptions): Json {
  const first = (documents[0]?.document ?? {}) as Json;
  const paths: Record<string, Json> = {};
  const components: Record<string, Json> = {};
  const tags = new Map<string, Json>();
  for (const { service, document } of documents) {
    const doc = renameConflicts(service, document as Json, components);
    for (const [kind, entries] of Object.entries((doc.components as Record<string, Json> | undefined) ?? {})) {
      const into = (components[kind] ??= {});
      for (const [name, value] of Object.entries(entries)) if (!(name in into)) into[name] = value;
    }
    for (const [template, item] of Object.entries((doc.paths as Record<string, Json> | undefined) ?? {})) {
      const into = (paths[template] ??= {});
      for (const [key, value] of Object.entries(item)) {
        if ((HTTP_METHODS as readonly string[]).includes(key)) {
          if (!(key in into)) into[key] = { ...(value as Json), [OWNER_EXTENSION]: service };
        } else if (!(key in into)) into[key] = value;
      }
    }
    for (const tag of (doc.tags as Json[] | undefined) ?? []) if (!tags.has(String(tag.name))) tags.set(String(tag.name), tag);
  }
  const info = (first.info as Json | undefined) ?? {};
  const clashes = duplicateOperationIds({ paths: sortKeys(paths) });
  clashes.delete(''); // operations without an id: each service's own document is checked for those
  if (clashes.size > 0)
    throw new DuplicateOperationIdsError(clashes, `The merged OpenAPI document of ${documents.map((d) => d.service).join(', ')}`);
  return {
    openapi: first.openapi ?? '3.0.0',
    info: {
      ...info,
      title: options.title ?? info.title ?? 'Voltlane operator API',
      ...((options.description ?? info.description) ? { description: options.description ?? info.description } : {}),
      version: options.version ?? info.version ?? '1',
    },
    servers: [{ url: options.serverUrl, description: 'The API entry point (api-edge): every operation of every service' }],
    ...(tags.size ? { tags: [...tags.values()] } : {}),
    ...(first.security ? { security: first.security } : {}),
    paths: sortKeys(paths),
    components: Object.fromEntries(Object.entries(components).map(([kind, entries]) => [kind, sortKeys(entries)])),
  };
}

/** The document with its components that clash with `taken` renamed, and its $refs rewritten. */
function renameConflicts(service: string, document: Json, taken: Record<string, Json>): Json {
  const renames = new Map<string, string>();
  for (const [kind, entries] of Object.entries((document.components as Record<string, Json> | undefined) ?? {})) {
    for (const [name, value] of Object.entries(entries)) {
      const existing = taken[kind]?.[name];
      if (existing !== undefined && !isDeepStrictEqual(existing, value))
        renames.set(`#/components/${kind}/${name}`, `#/components/${kind}/${service}_${name}`);
    }
  }
  if (renames.size === 0) return document;
  const rewritten = rewriteRefs(document, renames) as Json;
  const components: Record<string, Json> = {};
  for (const [kind, entries] of Object.entries((rewritten.components as Record<string, Json> | undefined) ?? {})) {
    components[kind] = Object.fromEntries(
      Object.entries(entries).map(([name, value]) => [renames.has(`#/components/${kind}/${name}`) ? `${service}_${name}` : name, value]),
    );
  }
  return { ...rewritten, components };
}

function rewriteRefs(value: unknown, renames: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, renames));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Json).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? (renames.get(v) ?? v) : rewriteRefs(v, renames),
    ]),
  );
}

const sortKeys = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
