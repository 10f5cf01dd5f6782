/**
 * The OpenAPI operation of `GET /v1/scores/qd766/dossiers` and its answer's schema, generated from the
 * zod schema that validates the request (shared/reports/qd766-dossiers.ts); ./openapi.ts spreads
 * both into the document.
 */
import { qd766DossierMetricRules, QD766_DOSSIER_FAILURES } from '../indexes/qd766-dossier-membership';
import { qd766DossiersQuerySchema } from '../reports/qd766-dossiers';

type Json = Record<string, unknown>;

const str = { type: 'string' };
const nullableStr = { oneOf: [str, { type: 'null' }] };
const day = { type: 'string', format: 'date', examples: ['2026-07-01'] };
const object = (properties: Record<string, Json>): Json => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

const metricNames = qd766DossierMetricRules()
  .map((rule) => `\`${rule.code ?? rule.key}\` (${rule.item})`)
  .join(', ');

const examples: Record<string, string> = {
  unit: 'cb',
  from: '2026-01-01',
  to: '2026-06-30',
  metric: 'DOSSIER_SYNC',
};

/** The answer's schemas, as components. */
export const qd766DossiersSchemas: Record<string, Json> = {
  Qd766DossierRow: object({
    rid: str,
    code: str,
    unit: object({ id: str, name: nullableStr }),
    procedure: object({ code: str, name: nullableStr }),
    receivedDay: day,
    dueDay: day,
    finishedDay: { oneOf: [day, { type: 'null' }] },
    failure: object({ key: { type: 'string', enum: [...QD766_DOSSIER_FAILURES] }, vi: str, en: str }),
  }),
  Qd766Dossiers: object({
    unit: { $ref: '#/components/schemas/UnitRef' },
    metric: object({
      key: str,
      code: nullableStr,
      item: str,
      name: object({ vi: str, en: str }),
    }),
    from: day,
    to: day,
    asOf: day,
    dossiers: { type: 'array', items: { $ref: '#/components/schemas/Qd766DossierRow' } },
    nextCursor: nullableStr,
  }),
};

/** The operation, given the document's helpers (query parameters from zod, the shared errors). */
export function qd766DossiersPath(helpers: {
  queryParameters: (schema: typeof qd766DossiersQuerySchema) => Json[];
  standardErrors: Record<string, unknown>;
}): Record<string, Record<string, unknown>> {
  return {
    '/v1/scores/qd766/dossiers': {
      get: {
        operationId: 'listQd766Dossiers',
        tags: ['figures'],
        summary: 'The dossiers that cost a Decision 766 metric its points',
        description:
          'Permission `scores:read`. The dossiers of the unit subtree received in the period (at most a year) that ' +
          "are in the metric's denominator and not in its numerator, with the fact that failed — the same dossiers " +
          '`/v1/scores?method=qd766` counts, as of the last night aggregated (`asOf`). Unit by unit, each by received ' +
          'day. Pages of `limit` rows (default and most 100); pass `nextCursor` back as `cursor` until it is null (a page ' +
          'may hold fewer rows and a cursor: each reads a bounded number of dossiers). With `Accept: text/csv` every row ' +
          'from the cursor to the end is streamed as CSV (names, local days, the failure in words; `lang=en` for English ' +
          `headers). Metrics counted per dossier, by portal code or key: ${metricNames}; any other metric gets 400.`,
        parameters: helpers.queryParameters(qd766DossiersQuerySchema).map((parameter) => {
          const example = examples[String(parameter.name)];
          return example === undefined ? parameter : { ...parameter, example };
        }),
        responses: {
          '200': {
            description: 'A page of dossiers, or CSV',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Qd766Dossiers' } },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          '400': { $ref: '#/components/responses/BadRequest' },
          ...helpers.standardErrors,
        },
      },
    },
  };
}
