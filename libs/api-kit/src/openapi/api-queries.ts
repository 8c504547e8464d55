import { ApiQuery } from '@nestjs/swagger';

/** Documents each property of a query schema (`listQuerySchema`) as an optional OpenAPI query parameter, with its description. */
export function apiQueries(schema: Record<string, unknown>): MethodDecorator {
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  const decorators = Object.entries(properties).map(([name, property]) =>
    ApiQuery({
      name,
      required: false,
      schema: property,
      description: typeof property.description === 'string' ? property.description : undefined,
    }),
  );
  return (target, key, descriptor) => {
    for (const decorate of decorators) decorate(target, key, descriptor);
  };
}
