import { readFileSync } from 'node:fs';
import { type OcppVersion } from '../versions/ocpp-version';
import { type JsonSchema } from './json-schema';

/** A request (CALL / SEND payload) or response (CALLRESULT payload) schema. */
export type SchemaKind = 'request' | 'response';

export interface VersionSchemas {
  readonly version: OcppVersion;
  /** Request schemas by action (every action has one). */
  readonly requests: ReadonlyMap<string, JsonSchema>;
  /** Response schemas by action (SEND-only actions have none). */
  readonly responses: ReadonlyMap<string, JsonSchema>;
}

/**
 * The official schemas ship with the `ocpp-rpc` dependency (never copied into this repo, the OCA
 * texts are CC BY-ND): one JSON array per version of 78 / 128 / 181 draft-07 schemas.
 */
const SCHEMA_FILES: Readonly<Record<OcppVersion, string>> = {
  'ocpp1.6': 'ocpp-rpc/lib/schemas/ocpp1_6.json',
  'ocpp2.0.1': 'ocpp-rpc/lib/schemas/ocpp2_0_1.json',
  'ocpp2.1': 'ocpp-rpc/lib/schemas/ocpp2_1.json',
};

/**
 * `$id` spellings: `urn:<Action>.req` / `.conf` (1.6, 2.0.1), `urn:<Action>Request` / `Response`
 * (2.1), and the bare `urn:NotifyPeriodicEventStream` for the 2.1 SEND-only message.
 */
const ID_PATTERN = /^urn:(\w+?)(\.req|\.conf|Request|Response)?$/;

export function schemaFile(version: OcppVersion): string {
  return require.resolve(SCHEMA_FILES[version]);
}

/** Splits a schema `$id` into its action and kind; undefined when the id is not an OCPP message id. */
export function parseSchemaId(id: string): { action: string; kind: SchemaKind } | undefined {
  const m = ID_PATTERN.exec(id);
  if (m === null || m[1] === undefined) return undefined;
  const kind: SchemaKind = m[2] === '.conf' || m[2] === 'Response' ? 'response' : 'request';
  return { action: m[1], kind };
}

function load(version: OcppVersion): VersionSchemas {
  const raw: unknown = JSON.parse(readFileSync(schemaFile(version), 'utf8'));
  if (!Array.isArray(raw)) throw new Error(`${SCHEMA_FILES[version]} is not a JSON array of schemas`);
  const requests = new Map<string, JsonSchema>();
  const responses = new Map<string, JsonSchema>();
  for (const schema of raw as JsonSchema[]) {
    const parsed = schema.$id === undefined ? undefined : parseSchemaId(schema.$id);
    if (parsed === undefined) throw new Error(`${SCHEMA_FILES[version]}: unexpected schema $id ${String(schema.$id)}`);
    const byKind = parsed.kind === 'request' ? requests : responses;
    if (byKind.has(parsed.action)) throw new Error(`${SCHEMA_FILES[version]}: duplicate ${parsed.kind} schema for ${parsed.action}`);
    byKind.set(parsed.action, schema);
  }
  return { version, requests, responses };
}

const loaded = new Map<OcppVersion, VersionSchemas>();

/** The schemas of `version`, read from disk once on first use. */
export function schemasOf(version: OcppVersion): VersionSchemas {
  let schemas = loaded.get(version);
  if (schemas === undefined) {
    schemas = load(version);
    loaded.set(version, schemas);
  }
  return schemas;
}

export function schemaFor(version: OcppVersion, action: string, kind: SchemaKind): JsonSchema | undefined {
  const schemas = schemasOf(version);
  return (kind === 'request' ? schemas.requests : schemas.responses).get(action);
}
