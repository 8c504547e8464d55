/** Query parameters shared by list endpoints. */
export const paginationQuerySchema = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size' },
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0, description: 'Items to skip' },
} as const;

export interface PageQuery {
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function page<T>(items: T[], total: number, query: PageQuery): Page<T> {
  return { items, total, limit: query.limit, offset: query.offset };
}

/** A query schema: the given filters plus pagination, nothing else. */
export function listQuerySchema(filters: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, properties: { ...paginationQuerySchema, ...filters } };
}

/** OpenAPI schema of a page of `item`. */
export function pageSchema(item: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    required: ['items', 'total', 'limit', 'offset'],
    properties: {
      items: { type: 'array', items: item },
      total: { type: 'integer' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
    },
  };
}
