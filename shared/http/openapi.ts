/**
 * The OpenAPI 3.1 document of the agency API, generated from the same zod schemas that validate the
 * requests (`z.toJSONSchema`), so the reference cannot drift from the code. A new operation is added
 * to `buildPaths` below.
 */
import * as z from 'zod/mini';
import { skillsQuerySchema as skillsQuery } from '../skills/query';
import { registerDossiersBodySchema } from '../dossier-registration';
import { rankingsQuerySchema, ratingsQuerySchema, scoresQuerySchema } from './aggregate-queries';

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

const methodsNote =
  'Methods (DESIGN §4.2, docs/index-methods.md): `tt01` Circular 01/2018/TT-VPCP art. 13–15; `qd766` ' +
  'Decision 766/QĐ-TTg as the national portal computes it (groups "Tiến độ giải quyết" and "Mức độ hài lòng", by ' +
  'received day); `sipas` Decision 2640/QĐ-BNV; `csat`. Every figure comes with its denominators, Wilson 95% ' +
  'intervals for shares, an `integrity` flag, `ranked: false` below minN (and for a provisional `tt01`), and ' +
  '`final: false` while rating links of the period can still be used.';

/**
 * Every operation of the agency API, by path and method, in the order a reader meets them: the
 * one-stop system's, then the readers', then the lookups. Built on the first request for the document
 * (z.toJSONSchema is not free), never at the function's start.
 */
function buildPaths(): Record<string, Record<string, Operation>> {
  return {
    '/v1/dossiers': {
      post: {
        summary: 'Register dossiers whose result was returned; get their rating links and QR codes',
        description:
          'One dossier, or `{ "dossiers": [...] }` with 1–100. Idempotent on (unit, code): a repeat answers ' +
          'the same link. Needs `dossiers:write` on every unit of the batch; nothing is stored when any ' +
          'dossier is refused. Instants are ISO 8601 with an offset (`2025-07-01T09:30:00+07:00`).',
        requestBody: jsonBody(registerDossiersBodySchema),
        responses: {
          '201': {
            description:
              'At least one dossier was new: `{ dossiers: [{ code, unit, ratingUrl, qrSvgUrl, qrPngUrl, labelUrl, linkExpiresAt, created }] }`',
          },
          '200': { description: 'Every dossier was already registered (same body shape, same links)' },
          '400': { description: 'The body is not JSON' },
          '413': { description: 'The body is over 256 KB' },
          ...standardErrors,
        },
      },
    },
    '/v1/scores': {
      get: {
        summary: 'Index values of a unit (and its subtree) for a period',
        description: `Permission \`scores:read\`. Dates are local days (Asia/Ho_Chi_Minh); a range over 5 years is refused. ${methodsNote}`,
        parameters: queryParameters(scoresQuerySchema),
        responses: {
          '200': {
            description:
              '`{ unit, method, from, to, final, minN, result, groupBy?, groups?: [{ period, from, to, final, result }] }`',
          },
          ...standardErrors,
        },
      },
    },
    '/v1/rankings': {
      get: {
        summary: "The parent's children ranked by the method's headline figure",
        description:
          'Permission `scores:read`. Ranked children first (highest first, ties share a rank), then those not ranked ' +
          `(fewer than minN responses) with \`rank: null\`. ${methodsNote}`,
        parameters: queryParameters(rankingsQuerySchema),
        responses: {
          '200': {
            description: '`{ parent, method, from, to, final, minN, ranking: [{ rank, unit, result }] }`',
          },
          ...standardErrors,
        },
      },
    },
    '/v1/ratings': {
      get: {
        summary: 'Ratings (with comments) of the unit subtree, by the day their dossier was returned',
        description:
          'Permission `ratings:read`. Pages of `limit` rows (default 100); pass `nextCursor` back as `cursor` until it is ' +
          'null. With `Accept: text/csv` every row from the cursor to the end is streamed as CSV (header row, UTF-8 with BOM).',
        parameters: queryParameters(ratingsQuerySchema),
        responses: {
          '200': {
            description: '`{ unit, from, to, ratings: [row], nextCursor }`, or CSV with the same columns',
            content: { 'application/json': {}, 'text/csv': {} },
          },
          ...standardErrors,
        },
      },
    },
    '/v1/skills': {
      get: {
        summary: 'Digital-skill indicators (plan146 or dsi) of a unit and period',
        description:
          'Overall and by age band, sex and ethnicity, with denominators and 95% Wilson intervals; ' +
          '`weighting` says "post-stratified" (population by age band × sex loaded for every commune with ' +
          'respondents) or "sample shares". Permission scores:read; the unit must be in the key subtree.',
        parameters: queryParameters(skillsQuery),
        responses: {
          '200': {
            description:
              '`{ unit, from, to, indicator, weighting, rule, overall, byAgeBand, bySex, byEthnicity }`',
          },
          ...standardErrors,
        },
      },
    },
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
}

let paths: Record<string, Record<string, Operation>> | undefined;

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
    paths: (paths ??= buildPaths()),
  };
}
