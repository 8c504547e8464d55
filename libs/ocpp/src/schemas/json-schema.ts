/** The subset of JSON Schema (draft-07) the OCPP schemas use. */
export type JsonSchema = {
  $id?: string;
  $schema?: string;
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  default?: unknown;
  definitions?: Record<string, JsonSchema>;
};
