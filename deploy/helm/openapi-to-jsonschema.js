#!/usr/bin/env node
// Converts Kubernetes' OpenAPI v3 documents (api/openapi-spec/v3/*.json of the k8s.io/kubernetes
// Go module) into the standalone, strict JSON schemas kubeconform reads from a local directory:
//
//   node openapi-to-jsonschema.js <openapi-spec/v3 dir> <out dir>
//   → <out>/<kind>-<group>-<version>.json (core group: <kind>-<version>.json), the layout of
//     kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json` schema-location template.
//
// "standalone": every $ref is inlined (a recursive type, i.e. the CRD JSONSchemaProps, becomes
// `{}` at the point of recursion). "strict": objects with declared properties get
// `additionalProperties: false` unless marked x-kubernetes-preserve-unknown-fields, so a typo in a
// field name fails. Optional fields may be null (the API server treats null as unset).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [specDir, outDir] = process.argv.slice(2);
if (!specDir || !outDir) {
  process.stderr.write('usage: openapi-to-jsonschema.js <openapi-spec/v3 dir> <out dir>\n');
  process.exit(2);
}

const REF = '#/components/schemas/';
const DROP = new Set(['format', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-unions', 'x-kubernetes-group-version-kind',
  'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource', 'nullable', 'default', 'description']);

function allowNull(schema) {
  if (Object.keys(schema).length === 0) return schema;
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.oneOf)) return { ...schema, oneOf: [...schema.oneOf, { type: 'null' }] };
  return schema;
}

function convert(schema, defs, stack) {
  if (schema === null || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string') return deref(schema.$ref, defs, stack);
  // OpenAPI v3 wraps a $ref that has a description or default in allOf: [ { $ref } ].
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && schema.allOf[0].$ref) {
    return deref(schema.allOf[0].$ref, defs, stack);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROP.has(key)) continue;
    if (key === 'properties') {
      out.properties = {};
      const required = new Set(schema.required ?? []);
      for (const [name, prop] of Object.entries(value)) {
        const converted = convert(prop, defs, stack);
        out.properties[name] = required.has(name) ? converted : allowNull(converted);
      }
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      out[key] = typeof value === 'object' ? convert(value, defs, stack) : value;
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = value.map((v) => convert(v, defs, stack));
    } else if (key.startsWith('x-kubernetes-preserve-unknown-fields')) {
      continue;
    } else {
      out[key] = value;
    }
  }
  if (out.properties && out.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] && out.type === undefined) delete out.type;
  return out;
}

function deref(ref, defs, stack) {
  if (!ref.startsWith(REF)) throw new Error(`unsupported $ref ${ref}`);
  const name = ref.slice(REF.length);
  if (stack.includes(name)) return {}; // recursion (apiextensions JSONSchemaProps): accept anything
  const target = defs[name];
  if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
  return convert(target, defs, [...stack, name]);
}

fs.mkdirSync(outDir, { recursive: true });
let written = 0;
const files = fs.readdirSync(specDir).filter((f) => /^apis?__.*_openapi\.json$/.test(f) && f.includes('__v'));
for (const file of files) {
  const defs = JSON.parse(fs.readFileSync(path.join(specDir, file), 'utf8')).components?.schemas ?? {};
  for (const [name, schema] of Object.entries(defs)) {
    const gvks = schema['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks) || gvks.length !== 1) continue; // shared types (DeleteOptions, WatchEvent …)
    const { group, version, kind } = gvks[0];
    const apiVersion = group ? `${group}/${version}` : version;
    const converted = convert(schema, defs, [name]);
    converted.properties.apiVersion = { type: 'string', enum: [apiVersion] };
    converted.properties.kind = { type: 'string', enum: [kind] };
    const suffix = group ? `-${group.split('.')[0].toLowerCase()}-${version}` : `-${version}`;
    const document = { $schema: 'http://json-schema.org/draft-07/schema#', ...converted };
    fs.writeFileSync(path.join(outDir, `${kind.toLowerCase()}${suffix}.json`), JSON.stringify(document));
    written += 1;
  }
}
if (written === 0) {
  process.stderr.write(`no schemas found in ${specDir}\n`);
  process.exit(1);
}
process.stdout.write(`${written} schemas written to ${outDir}\n`);
