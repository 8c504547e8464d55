import type { SchemaObject } from '@nestjs/swagger';

/** The component every command answer's `parts` refers to (`polishDocument` adds it where used). */
export const COMMAND_PARTS_SCHEMA_NAME = 'CommandParts';

/** OpenAPI schema of `parts` in a command answer, by reference: one definition in the document, not one per operation. */
export const commandPartsSchema: SchemaObject = { $ref: `#/components/schemas/${COMMAND_PARTS_SCHEMA_NAME}` } as SchemaObject;

/** The definition of `parts` in a command answer (a request split by the station's message limits, ADR 0017). */
export const commandPartsDefinition: SchemaObject = {
  type: 'array',
  description:
    "Only when the request was sent in parts to fit the station's message limits (2.x ItemsPerMessage…/BytesPerMessage… of DeviceDataCtrlr, MonitoringCtrlr and LocalAuthListCtrlr; 1.6 GetConfigurationMaxKeys, SendLocalListMaxLength): each part in the order sent. `result` is then the parts' answers merged (result lists concatenated in request order).",
  items: {
    type: 'object',
    required: ['first', 'items', 'bytes', 'outcome'],
    properties: {
      first: { type: 'integer', minimum: 0, description: "Index of the part's first list entry in the request as given" },
      items: { type: 'integer', minimum: 1, description: 'How many list entries the part carried' },
      bytes: { type: 'integer', minimum: 1, description: 'Bytes of its OCPP-J CALL frame' },
      outcome: {
        type: 'string',
        enum: ['result', 'error', 'invalid-response', 'timeout', 'offline', 'rejected', 'not-sent'],
        description: 'result: answered; not-sent: an earlier part failed (or a local-list part was not Accepted)',
      },
      status: { type: 'string', description: "The station's status for the part, when its answer has one" },
      changed: {
        type: 'object',
        additionalProperties: true,
        description:
          "Fields other than the list that differ from the request as given (GetReport's requestId; SendLocalList's updateType and version)",
      },
    },
  },
};
