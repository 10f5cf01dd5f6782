/**
 * The OpenAPI 3.1 document of the agency API, generated from the same zod schemas that validate the
 * requests (`z.toJSONSchema`), so the reference cannot drift from the code. Each resource adds its
 * operations to `paths` below.
 */
import * as z from 'zod/mini';

type Schema = z.ZodMiniType;

/** JSON Schema of a zod schema, as an OpenAPI 3.1 schema object. */
export function jsonSchema(schema: Schema): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

export function jsonBody(schema: Schema, description?: string) {
  return {
    required: true,
    ...(description ? { description } : {}),
    content: { 'application/json': { schema: jsonSchema(schema) } },
  };
}

/** Query parameters from a zod object schema of strings. */
export function queryParameters(schema: z.ZodMiniObject) {
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              code: { type: 'string' },
              vi: { type: 'string' },
              en: { type: 'string' },
              fields: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { field: { type: 'string' }, vi: { type: 'string' }, en: { type: 'string' } },
                },
              },
            },
            required: ['code', 'vi', 'en'],
          },
        },
      },
    },
  },
});

/** The error answers every agency operation may give. */
export const standardErrors = {
  '401': errorResponse('Missing or invalid API key'),
  '403': errorResponse('Outside the key scope or permission'),
  '422': errorResponse('Invalid input; each bad field is named'),
  '503': errorResponse('Busy; nothing was stored, retry'),
};

export type Operation = Record<string, unknown>;

/** Every operation of the agency API, by path and method. Resources add theirs here. */
export const paths: Record<string, Record<string, Operation>> = {
  '/v1/units': {
    get: {
      summary: 'Units of the key subtree',
      responses: { '200': { description: '`{ units: [{ id, name, kind, parent }] }`' }, ...standardErrors },
    },
  },
  '/v1/procedures': {
    get: {
      summary: 'The procedure catalogue',
      responses: {
        '200': { description: '`{ procedures: [{ code, name, field, processingDays }] }`' },
        ...standardErrors,
      },
    },
  },
};

export function openApiDocument(serverUrl?: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'hailong agency API',
      version: '1',
      description:
        'Satisfaction index of public administrative services and digital-skill indicators. ' +
        'Authenticate with `Authorization: Bearer <key>`; keys are scoped to a unit subtree.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
