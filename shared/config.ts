/**
 * Runtime configuration, parsed once with zod. This is the only module that reads `process.env`
 * (the CDK app reads its own context in `infra/app.ts`).
 *
 * Each setting pairs its zod schema with its value when the variable is not set. A schema is built
 * only for the variables that are set, when the configuration is parsed: building all ~35 at module
 * load cost more than a millisecond of every cold start (DESIGN §7, BENCHMARKS.md), and a Lambda
 * function sets a handful. Every variable that is set is still checked, once, at start.
 *
 * `#config-zod` is `zod/mini` (package.json `imports`). The Lambda bundles give it a copy of zod of its
 * own (infra/build.ts `CONFIG_ZOD`): esbuild splits code by whole files, so sharing zod's files with
 * the pages would put every zod schema type the pages use on the cold path; no zod object leaves this
 * module, so the two copies never meet.
 */
import * as z from '#config-zod';

/** One setting: its schema (made on demand) and its value when the variable is not set. */
interface Setting<T> {
  schema: () => z.ZodMiniType<T, unknown>;
  fallback: T;
}

const setting = <T>(fallback: NoInfer<T>, schema: () => z.ZodMiniType<T, unknown>): Setting<T> => ({
  schema,
  fallback,
});

const optional = <T>(schema: () => z.ZodMiniType<T, unknown>): Setting<T | undefined> => ({
  schema,
  fallback: undefined,
});

const intFromEnv = (fallback: number, min: number, max: number) =>
  setting(fallback, () => z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)));

/**
 * The table name of the local run. A deployed table's name is made by CloudFormation (never this), so
 * the admin CLI's `--aws` mode refuses it: it means TABLE_NAME was not given.
 */
export const LOCAL_TABLE_NAME = 'hailong';

/** Every setting, by the name of its environment variable. */
export const settings = {
  /** DynamoDB table holding every entity (single-table design, see docs/data-model.md). */
  TABLE_NAME: setting(LOCAL_TABLE_NAME, () => z.string().check(z.minLength(3))),
  /** Override for the DynamoDB endpoint (the local run points it at dynalite). */
  DYNAMODB_ENDPOINT: optional(() => z.url()),
  /**
   * AWS region (Lambda sets it). The CLI's `--aws` mode passes it to its clients; when absent the SDK's
   * own chain (the profile's `region`) decides.
   */
  AWS_REGION: optional(() => z.string().check(z.minLength(1))),
  /** Base URL of the public pages, e.g. `https://danhgia.caobang.gov.vn`; else taken from the request. */
  PUBLIC_BASE_URL: optional(() => z.url()),
  /** Secrets Manager secret holding the token-signing keyring (Lambda). */
  SIGNING_KEYS_SECRET_ARN: optional(() => z.string().check(z.minLength(1))),
  /** File holding the token-signing keyring (local run). */
  SIGNING_KEYS_FILE: optional(() => z.string().check(z.minLength(1))),
  /** How long a rating link stays valid (DESIGN §4.2: default 30 days). */
  LINK_TTL_DAYS: intFromEnv(30, 1, 365),
  /**
   * Working days a unit has to answer a feedback case: 15, the time the portal scores Decision 766
   * item 5.2 against ("Mô tả công thức tính chỉ số 766" 5.2: "<= Ngày CD/DN gửi PAKN + 15 ngày làm
   * việc"; docs/index-methods.md). Before: 10.
   */
  FEEDBACK_WORKING_DAYS: intFromEnv(15, 1, 60),
  /** Ratings below which a unit is reported but not ranked (DESIGN §4.2: default 30). */
  MIN_N: intFromEnv(30, 1, 100_000),
  /** How long comments are kept before TTL removes them (issue 4: default 3 years). */
  COMMENT_RETENTION_DAYS: intFromEnv(1095, 30, 36_500),
  /** Working age of the plan146 digital-skill indicator, in years (DESIGN §4.3: default 15–60). */
  SKILLS_WORKING_AGE_MIN: intFromEnv(15, 0, 120),
  SKILLS_WORKING_AGE_MAX: intFromEnv(60, 0, 120),
  /** plan146 rule (docs/digital-skills.md): level needed on every online-public-service item… */
  SKILLS_PLAN146_OPS_LEVEL: intFromEnv(2, 0, 2),
  /** …and on each other essential service, on `any` (default) or `all` of its items. */
  SKILLS_PLAN146_SERVICE_LEVEL: intFromEnv(1, 0, 2),
  SKILLS_PLAN146_SERVICE_ITEMS: setting('any', () => z.enum(['any', 'all'])),
  /**
   * Decision 766 as the portal computes it (docs/index-methods.md): more than one supplement request
   * makes a dossier late; a dossier still within its (extended) due date counts in the on-time
   * numerator ("đã và đang xử lý đúng hạn hoặc trong hạn"). Both `on` by default. The supplement rule
   * `unfinished` applies it only to dossiers never finished nor returned — the formula description's
   * reading (item 2.1: "Nếu tiến trình chỉ có trạng thái 'Yêu cầu bổ sung hồ sơ' mà không có trạng
   * thái 'Đã xử lý xong' hoặc 'Đã trả kết quả' … trừ trường hợp 'Yêu cầu bổ sung hồ sơ' hơn 01 lần thì
   * tính quá hạn").
   */
  QD766_MULTIPLE_SUPPLEMENTS_LATE: setting('on', () => z.enum(['on', 'off', 'unfinished'])),
  QD766_IN_PROGRESS_ON_TIME: setting('on', () => z.enum(['on', 'off'])),
  /**
   * Integrity flags (DESIGN §4.2): a unit with at least INTEGRITY_MIN_RATINGS ratings is flagged when
   * a share passes its threshold, in percent: ratings within 10 minutes of the return, all-top answer
   * sheets, repeated identical comments (of the comments), and the response rate.
   */
  INTEGRITY_MIN_RATINGS: intFromEnv(10, 1, 1_000_000),
  INTEGRITY_MAX_QUICK_PCT: intFromEnv(50, 0, 100),
  INTEGRITY_MAX_ALL_TOP_PCT: intFromEnv(80, 0, 100),
  INTEGRITY_MAX_REPEATED_COMMENT_PCT: intFromEnv(20, 0, 100),
  INTEGRITY_MAX_RESPONSE_RATE_PCT: intFromEnv(95, 0, 100),
  /** `on` publishes `/public`: the province's units ranked, no comments, no sign-in (DESIGN §8). */
  PUBLIC_DASHBOARD: setting('off', () => z.enum(['on', 'off'])),
  /** Lifetime of a dashboard session cookie, in minutes (DESIGN §6: short-lived). */
  DASHBOARD_SESSION_MINUTES: intFromEnv(60, 5, 720),
  /** Notify function (AWS): the feedback-alert queue, its dead-letter queue, the digest topic. */
  ALERT_QUEUE_URL: optional(() => z.url()),
  ALERT_DEAD_LETTER_QUEUE_URL: optional(() => z.url()),
  DIGEST_TOPIC_ARN: optional(() => z.string().check(z.minLength(1))),
  STAGE: setting('local', () => z.string()),
  /** The deployed bundle's hash (set by the CDK app): part of `/public`'s ETag, so a new build shows at once. */
  BUILD_ID: optional(() => z.string().check(z.minLength(1))),
  /** Local run: where the embedded database, the signing keyring and server.json live. */
  HAILONG_DATA_DIR: setting('.data', () => z.string().check(z.minLength(1))),
  /** Local run: the HTTP port of `npm start` (0: any free port). */
  PORT: intFromEnv(3000, 0, 65_535),
  /** Local run: the demo admin key to create (else one is generated once and printed). */
  HAILONG_DEMO_API_KEY: optional(() => z.string().check(z.minLength(24), z.maxLength(200), z.regex(/^\S+$/))),
  /** Local run: `off` starts with no demo province (only the admin key exists). */
  HAILONG_DEMO: setting('on', () => z.enum(['on', 'off'])),
  POWERTOOLS_SERVICE_NAME: setting('hailong', () => z.string()),
};

type Settings = typeof settings;
type Value<S> = S extends Setting<infer T> ? T : never;
type OptionalName = {
  [K in keyof Settings]: undefined extends Value<Settings[K]> ? K : never;
}[keyof Settings];

export type Config = { [K in Exclude<keyof Settings, OptionalName>]: Value<Settings[K]> } & {
  [K in OptionalName]?: Value<Settings[K]>;
};

/** Parses a configuration; throws a readable error naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const names = Object.keys(settings) as (keyof Settings)[];
  const given = names.filter((name) => env[name] !== undefined);
  const schema = z.object(Object.fromEntries(given.map((name) => [name, settings[name].schema()])));
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration / Cấu hình không hợp lệ: ${problems.join('; ')}`);
  }
  const parsed: Record<string, unknown> = result.data;
  const config: Record<string, unknown> = {};
  for (const name of names) {
    const value = name in parsed ? parsed[name] : settings[name].fallback;
    if (value !== undefined) config[name] = value;
  }
  return config as Config;
}

let cached: Config | undefined;

/** The process configuration, parsed on first use and then kept (fail fast at module load). */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
