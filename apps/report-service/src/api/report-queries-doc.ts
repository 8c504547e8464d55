import { ApiQuery } from '@nestjs/swagger';

/** Documents each property of a query schema as an OpenAPI query parameter (`required` honoured). */
export function apiQueries(schema: { properties: Record<string, Record<string, unknown>>; required?: string[] }): MethodDecorator {
  const decorators = Object.entries(schema.properties).map(([name, property]) =>
    ApiQuery({
      name,
      required: schema.required?.includes(name) ?? false,
      schema: property,
      description: typeof property.description === 'string' ? property.description : undefined,
    }),
  );
  return (target, key, descriptor) => {
    for (const decorate of decorators) decorate(target, key, descriptor);
  };
}
