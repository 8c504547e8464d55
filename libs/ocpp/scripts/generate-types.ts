// Generates libs/ocpp/src/generated/ocpp{16,201,21}.generated.ts from the official OCPP JSON
// schemas shipped in the ocpp-rpc dependency. Run with `npm run codegen:ocpp`; commit the output.
//
// Each version becomes one file. All schemas of a version are merged into one JSON schema whose
// `definitions` hold every message (`<Action>Request` / `<Action>Response`, 1.6 `.req` / `.conf`
// renamed) and every shared definition (enums, IdTokenType, ...) exactly once, so the output has
// no duplicate identifiers. The root schema is the `Ocpp<NN>Requests` map; `Ocpp<NN>Responses` is
// emitted as a further definition.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { type JsonSchema } from '../src/schemas/json-schema';
import { schemaFile, schemasOf } from '../src/schemas/schema-registry';
import { OCPP_VERSIONS, type OcppVersion } from '../src/versions/ocpp-version';
import { renderHeader } from './generated-header';

const OUT_DIR = join(__dirname, '..', 'src', 'generated');

const FILE_STEM: Readonly<Record<OcppVersion, string>> = {
  'ocpp1.6': 'ocpp16',
  'ocpp2.0.1': 'ocpp201',
  'ocpp2.1': 'ocpp21',
};

const MAP_PREFIX: Readonly<Record<OcppVersion, string>> = {
  'ocpp1.6': 'Ocpp16',
  'ocpp2.0.1': 'Ocpp201',
  'ocpp2.1': 'Ocpp21',
};

/** Annotation keywords (string-valued) that do not describe the shape of a value. */
const NON_STRUCTURAL = new Set(['description', 'javaType', 'comment', '$comment']);

function structure(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (NON_STRUCTURAL.has(key) && typeof v === 'string') return undefined;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}

/**
 * A property schema without any type information (2.x DataTransfer `data`) means "any JSON value";
 * json-schema-to-typescript would otherwise guess an open object.
 */
function withUntypedAsUnknown(schema: JsonSchema): JsonSchema {
  const untyped = (s: JsonSchema): boolean =>
    s.type === undefined && s.$ref === undefined && s.enum === undefined && s.properties === undefined && s.items === undefined;
  const properties =
    schema.properties &&
    Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, untyped(v) ? { ...v, tsType: 'unknown' } : withUntypedAsUnknown(v)]),
    );
  const items = schema.items && withUntypedAsUnknown(schema.items);
  return { ...schema, ...(properties && { properties }), ...(items && { items }) };
}

function messageSchema(schema: JsonSchema, title: string): JsonSchema & { title: string } {
  const { $id: _id, $schema: _schema, definitions: _definitions, ...rest } = schema;
  delete (rest as Record<string, unknown>)['comment'];
  return { ...withUntypedAsUnknown(rest), title };
}

function mapSchema(title: string, names: ReadonlyMap<string, string>): JsonSchema & { title: string } {
  const properties: Record<string, JsonSchema> = {};
  for (const [action, typeName] of names) properties[action] = { $ref: `#/definitions/${typeName}` };
  return { title, type: 'object', additionalProperties: false, properties, required: [...names.keys()] };
}

/** One schema for the whole version: the Requests map at the root, everything else in `definitions`. */
function versionSchema(version: OcppVersion): JsonSchema & { title: string } {
  const { requests, responses } = schemasOf(version);
  const definitions: Record<string, JsonSchema> = {};
  const shared = new Map<string, string>();

  const addShared = (owner: string, schema: JsonSchema): void => {
    for (const [name, definition] of Object.entries(schema.definitions ?? {})) {
      const shape = structure(definition);
      const seen = shared.get(name);
      if (seen === undefined) {
        if (name in definitions) throw new Error(`${version}: definition ${name} in ${owner} collides with a message type`);
        shared.set(name, shape);
        definitions[name] = withUntypedAsUnknown(definition);
      } else if (seen !== shape) {
        throw new Error(`${version}: definition ${name} in ${owner} differs from an earlier one of the same name`);
      }
    }
  };
  const addMessage = (name: string, schema: JsonSchema): void => {
    if (name in definitions) throw new Error(`${version}: type name ${name} is used twice`);
    addShared(name, schema);
    definitions[name] = messageSchema(schema, name);
  };

  const requestNames = new Map<string, string>();
  const responseNames = new Map<string, string>();
  const actions = [...requests.keys()].sort();
  for (const action of actions) {
    requestNames.set(action, `${action}Request`);
    addMessage(`${action}Request`, requests.get(action)!);
    const response = responses.get(action);
    if (response !== undefined) {
      responseNames.set(action, `${action}Response`);
      addMessage(`${action}Response`, response);
    }
  }
  const responsesTitle = `${MAP_PREFIX[version]}Responses`;
  definitions[responsesTitle] = mapSchema(responsesTitle, responseNames);
  return { ...mapSchema(`${MAP_PREFIX[version]}Requests`, requestNames), definitions };
}

/** json-schema-to-typescript notes under every definition which root it came from; that is noise here. */
function dropProvenanceComments(ts: string): string {
  const provenance = ' \\* This interface was referenced by `[^`]+`\'s JSON-Schema\\n \\* via the `definition` "[^"]+"\\.\\n';
  return ts.replace(new RegExp(`/\\*\\*\\n${provenance} \\*/\\n`, 'g'), '').replace(new RegExp(`(?: \\*\\n)+${provenance}`, 'g'), '');
}

async function generate(version: OcppVersion): Promise<string> {
  const schema = versionSchema(version);
  const ts = await compile(schema as JSONSchema, schema.title, {
    bannerComment: '',
    unreachableDefinitions: true,
    ignoreMinAndMaxItems: true,
    strictIndexSignatures: true,
    unknownAny: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
  });
  const body = dropProvenanceComments(ts);
  const schemaPath = relative(join(__dirname, '..', '..', '..'), schemaFile(version));
  return renderHeader(version, schemaPath, body) + body;
}

async function main(): Promise<void> {
  for (const version of OCPP_VERSIONS) {
    const file = join(OUT_DIR, `${FILE_STEM[version]}.generated.ts`);
    writeFileSync(file, await generate(version));
    console.log(`wrote ${relative(process.cwd(), file)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
