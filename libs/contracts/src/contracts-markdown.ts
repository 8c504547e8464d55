import type { TopicContract } from './contract-catalog';

/** docs/contracts.md: the part between these markers is generated (npm run codegen:asyncapi). */
export const TOPICS_BEGIN = '<!-- topics: generated from libs/contracts by npm run codegen:asyncapi; do not edit by hand -->';
export const TOPICS_END = '<!-- end of generated topics -->';

type Schema = Record<string, unknown>;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

/** A short reading of a JSON schema for the field tables: `string (date-time)`, `"a" \| "b"`, `integer or null`. */
export function typeOf(schema: Schema): string {
  if (Array.isArray(schema['enum'])) return schema['enum'].map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema['const']);
  if (Array.isArray(schema['anyOf'])) return (schema['anyOf'] as Schema[]).map(variantOf).join(' or ');
  if (schema['type'] === 'array') {
    const items = schema['items'];
    if (Array.isArray(items)) return `[${(items as Schema[]).map(typeOf).join(', ')}]`;
    return `array of ${items ? typeOf(items as Schema) : 'any'}`;
  }
  if (typeof schema['format'] === 'string') return `${String(schema['type'])} (${schema['format']})`;
  return typeof schema['type'] === 'string' ? schema['type'] : 'any';
}

/** An alternative of an `anyOf`; an object shows its fields, e.g. `{ kind: "station", stationId }`. */
function variantOf(schema: Schema): string {
  const properties = schema['properties'] as Record<string, Schema> | undefined;
  if (!properties) return typeOf(schema);
  return `{ ${Object.entries(properties)
    .map(([name, field]) => ('const' in field ? `${name}: ${JSON.stringify(field['const'])}` : name))
    .join(', ')} }`;
}

/** One row per field, nested objects as `a.b` / `a[].b`; an object schema met again points at its first row. */
function fieldRows(schema: Schema, prefix: string, seen: Map<Schema, string>): string[] {
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  const rows: string[] = [];
  for (const [name, field] of Object.entries(properties)) {
    const path = `${prefix}${name}`;
    const nested = field['type'] === 'array' ? (field['items'] as Schema | undefined) : field;
    const object = nested && !Array.isArray(nested) && nested['properties'] ? nested : undefined;
    const first = object ? seen.get(object) : undefined;
    const type = first ? `${typeOf(field)}, as \`${first}\`` : typeOf(field);
    const description = typeof field['description'] === 'string' ? field['description'] : '';
    rows.push(`| \`${path}\` | ${cell(type)} | ${required.has(name) ? 'yes' : 'no'} | ${cell(description)} |`);
    if (object && !first) {
      seen.set(object, path);
      rows.push(...fieldRows(object, `${path}${field['type'] === 'array' ? '[]' : ''}.`, seen));
    }
  }
  return rows;
}

function topicSection(c: TopicContract): string {
  const lines = [
    `### \`${c.topic}\``,
    '',
    c.description,
    '',
    `- **Key:** ${c.key}`,
    `- **Published by:** ${c.publishedBy.join(', ')}`,
    `- **Consumed by:** ${c.consumedBy.join(', ')}`,
    '',
  ];
  if (typeof c.schema['description'] === 'string') lines.push(c.schema['description'], '');
  if (c.headers) {
    lines.push('| header | meaning |', '|---|---|', ...Object.entries(c.headers).map(([h, d]) => `| \`${h}\` | ${cell(d)} |`), '');
  }
  if (c.schema['properties']) {
    lines.push('| field | type | required | meaning |', '|---|---|---|---|', ...fieldRows(c.schema, '', new Map()), '');
  } else {
    lines.push(`Payload: \`${cell(typeOf(c.schema))}\`.`, '');
  }
  for (const e of c.examples) {
    lines.push(`Example \`${e.name}\` (key \`${e.key}\`): ${e.summary}`, '');
    if (e.headers) lines.push('Headers:', '', '```json', JSON.stringify(e.headers, null, 2), '```', '', 'Value:', '');
    lines.push('```json', JSON.stringify(e.payload, null, 2), '```', '');
  }
  return lines.join('\n');
}

/** The per-topic reference of docs/contracts.md: key, producers, consumers, fields and examples. */
export function topicsMarkdown(catalog: readonly TopicContract[]): string {
  return [TOPICS_BEGIN, '', ...catalog.map(topicSection), TOPICS_END].join('\n');
}

/** `document` with its generated part replaced; throws when the markers are missing. */
export function withTopics(document: string, catalog: readonly TopicContract[]): string {
  const begin = document.indexOf(TOPICS_BEGIN);
  const end = document.indexOf(TOPICS_END);
  if (begin < 0 || end < begin) throw new Error('docs/contracts.md has lost the markers of its generated topics section');
  return `${document.slice(0, begin)}${topicsMarkdown(catalog)}${document.slice(end + TOPICS_END.length)}`;
}
