/**
 * JSON Schemas of what the API answers (OpenAPI `components.schemas`), written from the answers the
 * code builds; `test/integration/openapi-client.test.ts` type-checks real answers against the client
 * that openapi-typescript generates from them, so a drift fails the suite. Index results describe the
 * fields every method shares and each method's own figures; a method may add figures (index766 branch
 * work) without breaking clients, hence `additionalProperties: true` on results only.
 */
import { qd766GroupKeys } from '../indexes/qd766-scorecard';
import { periodInputIndicators } from '../storage/period-inputs';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Json) => ({ oneOf: [schema, { type: 'null' }] });
const num = { type: 'number' };
const int = { type: 'integer', minimum: 0 };
const str = { type: 'string' };
const day = { type: 'string', format: 'date', examples: ['2026-07-01'] };
const instant = { type: 'string', format: 'date-time', examples: ['2026-07-01T09:30:00+07:00'] };

/** An object whose listed properties are all required and nothing else is allowed. */
function object(properties: Record<string, Json>, optional: string[] = [], extra = false): Json {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: extra,
  };
}

const share = (extra: Record<string, Json> = {}) =>
  object({ value: nullable(num), successes: int, n: int, interval95: nullable(ref('Interval')), ...extra });

export const componentSchemas: Record<string, Json> = {
  Bilingual: object({ vi: str, en: str }),
  Error: object({
    error: object(
      {
        code: { type: 'string', examples: ['validation'] },
        vi: str,
        en: str,
        fields: { type: 'array', items: object({ field: str, vi: str, en: str }) },
      },
      ['fields'],
    ),
  }),
  Interval: object({ low: num, high: num }),
  Share: share(),
  UnitRef: object({ id: str, name: str, kind: str }),
  Denominators: object({ dossiersReturned: int, ratingsReceived: int, responseRate: nullable(num) }),
  Integrity: object(
    {
      responseRate: nullable(num),
      ratingsChecked: int,
      ratedWithin10Min: nullable(ref('Share')),
      allTopAnswers: nullable(ref('Share')),
      repeatedComments: nullable(ref('Share')),
      flagged: { type: 'boolean' },
      reasons: { type: 'array', items: object({ check: str, vi: str, en: str }) },
      note: ref('Bilingual'),
    },
    ['note'],
  ),
  Tt01Indicator: object({
    letter: { type: 'string', description: 'Circular 01/2018/TT-VPCP art. 13 letter' },
    name: ref('Bilingual'),
    score: nullable(num),
    over: ref('Bilingual'),
    n: int,
    distribution: { type: 'object', additionalProperties: int },
  }),
  PortalMetric: object(
    {
      key: str,
      code: nullable(str),
      name: ref('Bilingual'),
      numerator: nullable(num),
      denominator: num,
      ratio: nullable(num),
      score: nullable(num),
      maxScore: num,
      lost: nullable(num),
      note: ref('Bilingual'),
    },
    ['note'],
  ),
  PortalGroup: object(
    {
      key: {
        type: 'string',
        enum: ['transparency', 'progress', 'onlineService', 'payment', 'satisfaction', 'digitized'],
      },
      name: ref('Bilingual'),
      score: nullable(num),
      maxScore: num,
      ratio: nullable(num),
      metrics: { type: 'array', items: ref('PortalMetric') },
      partialScore: num,
      missing: { type: 'array', items: str },
    },
    ['partialScore'],
  ),
  IndexResult: {
    description:
      'What every method answers (`method`, `denominators`, `headline`, `ranked`, `reason` when not ranked, ' +
      '`integrity`) and its own figures: tt01 `indicators` (all nine), `total`, `maxPoints`, `provisional`, ' +
      '`missing`, `grade`, `estimate`, `onTimeOrEarly`; qd766 `dossiers`, `groups` (six), `avgProcessingDays`, `total`, `partialTotal`, `totalNote`, ' +
      '`rules`; sipas `respondents`, `elements`, `index`; csat `satisfied`, `meanOverall`, `distribution`.',
    ...object(
      {
        method: { type: 'string', enum: ['tt01', 'qd766', 'sipas', 'csat'] },
        denominators: ref('Denominators'),
        headline: object({ name: str, value: nullable(num) }),
        ranked: { type: 'boolean' },
        reason: ref('Bilingual'),
        integrity: ref('Integrity'),
        indicators: { type: 'object', additionalProperties: ref('Tt01Indicator') },
        total: {
          ...nullable({
            oneOf: [
              num,
              object({
                score: num,
                maxScore: num,
                classification: object({
                  vi: str,
                  en: str,
                  grade: { type: 'string', enum: ['excellent', 'good', 'fair', 'average', 'poor'] },
                }),
              }),
            ],
          }),
          description:
            'tt01: its points; qd766: the whole 100 points with their classification, null until all six groups are scored',
        },
        partialTotal: nullable(object({ score: num, maxScore: num, missing: { type: 'array', items: str } })),
        maxPoints: num,
        provisional: { type: 'boolean' },
        missing: { type: 'array', items: object({ indicator: str, vi: str, en: str }) },
        grade: nullable({
          ...object({ vi: str, en: str, provisional: { type: 'boolean' } }),
          description: 'Circular 01/2018 art. 15 band; provisional while an indicator has no data',
        }),
        estimate: nullable(object({ points: num, grade: ref('Bilingual'), label: ref('Bilingual') })),
        onTimeOrEarly: ref('Share'),
        dossiers: object({
          received: int,
          onTime: int,
          inProgress: int,
          late: int,
          lateMultipleSupplements: int,
          withdrawn: int,
        }),
        groups: object({
          transparency: ref('PortalGroup'),
          progress: ref('PortalGroup'),
          onlineService: ref('PortalGroup'),
          payment: ref('PortalGroup'),
          satisfaction: ref('PortalGroup'),
          digitized: ref('PortalGroup'),
        }),
        avgProcessingDays: {
          ...nullable(num),
          description: 'qd766 2.2 (no points): average days of the dossiers finished or returned',
        },
        totalNote: ref('Bilingual'),
        rules: ref('Bilingual'),
        respondents: int,
        elements: { type: 'object', additionalProperties: share({ name: ref('Bilingual') }) },
        index: nullable(num),
        satisfied: ref('Share'),
        meanOverall: nullable(num),
        distribution: { type: 'object', additionalProperties: int },
      },
      [
        'reason',
        'indicators',
        'total',
        'partialTotal',
        'maxPoints',
        'provisional',
        'missing',
        'grade',
        'estimate',
        'onTimeOrEarly',
        'dossiers',
        'groups',
        'avgProcessingDays',
        'totalNote',
        'rules',
        'respondents',
        'elements',
        'index',
        'satisfied',
        'meanOverall',
        'distribution',
      ],
      true,
    ),
  },
  FeedbackCase: {
    description:
      'A feedback case (docs/feedback.md): its dossier, state, due day, the reason and masked texts.',
    ...object(
      {
        id: str,
        unit: str,
        dossierCode: str,
        status: { type: 'string', enum: ['open', 'overdue', 'answered', 'closed'] },
        triggers: { type: 'array', items: str },
        openedAt: instant,
        dueDay: day,
      },
      [],
      true,
    ),
  },
  FeedbackCases: object(
    {
      unit: str,
      from: day,
      to: day,
      cases: { type: 'array', items: ref('FeedbackCase') },
      nextCursor: nullable(str),
    },
    [],
    true,
  ),
  PeriodInput: object(
    {
      unit: str,
      month: { type: 'string', pattern: '^(20\\d\\d|2100)-(0[1-9]|1[0-2])$', examples: ['2026-07'] },
      indicator: {
        type: 'string',
        enum: [...periodInputIndicators],
      },
      value: { type: 'integer', enum: [0, 1, 2] },
      numerator: { type: 'integer', minimum: 0 },
      denominator: { type: 'integer', minimum: 0 },
      note: str,
      recordedBy: str,
      recordedAt: instant,
    },
    ['note', 'value', 'numerator', 'denominator'],
  ),
  PeriodInputs: object({
    unit: str,
    from: str,
    to: str,
    periodInputs: { type: 'array', items: ref('PeriodInput') },
  }),
  PeriodInputAnswer: object({ periodInput: ref('PeriodInput') }),
  RegisteredDossier: object(
    {
      code: str,
      unit: str,
      ratingUrl: { type: 'string', format: 'uri' },
      qrSvgUrl: { type: 'string', format: 'uri' },
      qrPngUrl: { type: 'string', format: 'uri' },
      labelUrl: { type: 'string', format: 'uri' },
      linkExpiresAt: instant,
      created: { type: 'boolean' },
    },
    ['ratingUrl', 'qrSvgUrl', 'qrPngUrl', 'labelUrl', 'linkExpiresAt'],
  ),
  RegisteredDossiers: object({ dossiers: { type: 'array', items: ref('RegisteredDossier') } }),
  Scores: object(
    {
      unit: ref('UnitRef'),
      method: str,
      from: day,
      to: day,
      final: { type: 'boolean' },
      minN: int,
      result: ref('IndexResult'),
      groupBy: { type: 'string', enum: ['day', 'month', 'quarter', 'year'] },
      groups: {
        type: 'array',
        items: object({
          period: str,
          from: day,
          to: day,
          final: { type: 'boolean' },
          result: ref('IndexResult'),
        }),
      },
    },
    ['groupBy', 'groups'],
  ),
  Rankings: object(
    {
      parent: ref('UnitRef'),
      method: str,
      from: day,
      to: day,
      final: { type: 'boolean' },
      minN: int,
      rankBasis: {
        description:
          'qd766 only: what the ranking sorts by, as the dashboard ranks. `whole`: the 100-point total, every ' +
          'ranked child having it (`maxScore` 100); else the sum of `groups`, the groups every ranked child ' +
          "has complete (`maxScore` their maxima summed; each row's `result.headline` is `partialTotal`).",
        ...object({
          groups: {
            type: 'array',
            items: {
              type: 'string',
              enum: [...qd766GroupKeys],
            },
          },
          maxScore: num,
          whole: { type: 'boolean' },
        }),
      },
      ranking: {
        type: 'array',
        items: object({
          rank: nullable({ type: 'integer', minimum: 1 }),
          unit: ref('UnitRef'),
          result: ref('IndexResult'),
        }),
      },
    },
    ['rankBasis'],
  ),
  RatingRow: object({
    rid: str,
    unit: str,
    dossierCode: str,
    procedure: str,
    applicantType: str,
    channel: str,
    returnedDay: day,
    timeliness: nullable(str),
    complaint: { type: 'boolean' },
    ratedAt: instant,
    instrument: str,
    overall: { type: 'integer', enum: [0, 1, 2] },
    i3: { type: 'integer', enum: [0, 1, 2] },
    i4: { type: 'integer', enum: [0, 1, 2] },
    i7: { type: 'integer', enum: [0, 1, 2] },
    reason: nullable(str),
    reasonText: nullable(str),
    comment: nullable(str),
    s1: nullable({ type: 'integer' }),
    s2: nullable({ type: 'integer' }),
    s3: nullable({ type: 'integer' }),
    s4: nullable({ type: 'integer' }),
    s5: nullable({ type: 'integer' }),
    lang: str,
  }),
  Ratings: object({
    unit: ref('UnitRef'),
    from: day,
    to: day,
    ratings: { type: 'array', items: ref('RatingRow') },
    nextCursor: nullable(str),
  }),
  SkillShare: object({
    respondents: int,
    yes: int,
    sampleShare: nullable(num),
    share: nullable(num),
    interval: nullable(ref('Interval')),
  }),
  Skills: object(
    {
      unit: ref('UnitRef'),
      from: day,
      to: day,
      instrument: str,
      indicator: { type: 'string', enum: ['plan146', 'dsi'] },
      weighting: { type: 'string', enum: ['post-stratified', 'sample shares'] },
      rule: {
        type: 'object',
        required: ['vi', 'en'],
        properties: { vi: str, en: str },
        additionalProperties: true,
      },
      populationMissing: { type: 'array', items: str },
      overall: ref('SkillShare'),
      byAgeBand: { type: 'object', additionalProperties: ref('SkillShare') },
      bySex: { type: 'object', additionalProperties: ref('SkillShare') },
      byEthnicity: { type: 'object', additionalProperties: ref('SkillShare') },
      areas: {
        description: 'dsi only: per area, the shares at least basic and above basic',
        type: 'object',
        additionalProperties: object({ atLeastBasic: ref('SkillShare'), aboveBasic: ref('SkillShare') }),
      },
      aboveBasic: ref('SkillShare'),
      targets: {
        description: "plan146 only: the share against the plans' targets, 70% by 2025 and 90% by 2030",
        type: 'array',
        items: object({ year: int, share: num, met: { type: 'boolean' }, gapPoints: nullable(num) }),
      },
    },
    ['populationMissing', 'areas', 'aboveBasic', 'targets'],
  ),
  Units: object({
    units: {
      type: 'array',
      items: object({
        id: str,
        name: str,
        kind: str,
        parent: nullable(str),
        codes: { type: 'array', items: str, description: "The portal's codes of the unit" },
        contactNumbers: {
          type: 'array',
          items: str,
          description:
            "The unit's published contact numbers, as imported; kept readable in the unit's answers to citizens, while any other phone in them is masked",
        },
      }),
    },
  }),
  Procedures: object({
    procedures: {
      type: 'array',
      items: object(
        {
          code: str,
          name: str,
          field: str,
          processingDays: { type: 'number', minimum: 0 },
          onlineLevel: { type: 'string', enum: ['full', 'partial', 'none'] },
          fullyOnlineEligible: { type: 'boolean' },
          feeCharging: { type: 'boolean' },
          citizenDataConnected: { type: 'boolean' },
          paperResultRequired: { type: 'boolean' },
        },
        ['onlineLevel', 'fullyOnlineEligible', 'feeCharging', 'citizenDataConnected', 'paperResultRequired'],
      ),
    },
  }),
  SyncAnswer: object({
    error_code: { type: 'string', const: '0', description: 'What the connectors check for success' },
    message: { type: 'string', examples: ['Thành công / success'] },
    dossiers: {
      type: 'array',
      items: object(
        {
          MaHoSo: str,
          code: str,
          unit: str,
          ratingUrl: { type: 'string', format: 'uri' },
          qrSvgUrl: { type: 'string', format: 'uri' },
          qrPngUrl: { type: 'string', format: 'uri' },
          labelUrl: { type: 'string', format: 'uri' },
          linkExpiresAt: instant,
          created: { type: 'boolean' },
          changed: { type: 'boolean' },
          stored: { type: 'boolean', description: 'false for a dossier only registered (TrangThaiHoSo 1)' },
        },
        [
          'unit',
          'ratingUrl',
          'qrSvgUrl',
          'qrPngUrl',
          'labelUrl',
          'linkExpiresAt',
          'created',
          'changed',
          'stored',
        ],
      ),
    },
  }),
  SyncError: object(
    {
      error_code: { type: 'string', examples: ['-1'] },
      message: str,
      error: object(
        {
          code: str,
          vi: str,
          en: str,
          fields: { type: 'array', items: object({ field: str, vi: str, en: str }) },
        },
        ['fields'],
      ),
    },
    // A refusal before the sync route (no key: 401) carries the usual error body only.
    ['error_code', 'message'],
  ),
  Health: object({ status: { type: 'string', const: 'ok' }, stage: str, time: instant }),
  RatingStored: object({ code: str, unit: str, instrument: str, ratedAt: instant }),
  AssessmentStored: object({
    clientId: { type: 'string', format: 'uuid' },
    stored: { type: 'boolean' },
    day: day,
  }),
};
