/**
 * Runtime configuration, parsed once with zod. This is the only module that reads `process.env`
 * (the CDK app reads its own context in `infra/app.ts`).
 */
import { z } from 'zod/mini';

const intFromEnv = (fallback: number, min: number, max: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

export const configSchema = z.object({
  /** DynamoDB table holding every entity (single-table design, see docs/data-model.md). */
  TABLE_NAME: z._default(z.string().check(z.minLength(3)), 'hailong'),
  /** Override for the DynamoDB endpoint (the local run points it at dynalite). */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  /** Base URL of the public pages, e.g. `https://danhgia.caobang.gov.vn`; else taken from the request. */
  PUBLIC_BASE_URL: z.optional(z.url()),
  /** Secrets Manager secret holding the token-signing keyring (Lambda). */
  SIGNING_KEYS_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  /** File holding the token-signing keyring (local run). */
  SIGNING_KEYS_FILE: z.optional(z.string().check(z.minLength(1))),
  /** How long a rating link stays valid (DESIGN §4.2: default 30 days). */
  LINK_TTL_DAYS: intFromEnv(30, 1, 365),
  /** Ratings below which a unit is reported but not ranked (DESIGN §4.2: default 30). */
  MIN_N: intFromEnv(30, 1, 100_000),
  /** How long comments are kept before TTL removes them (issue 4: default 3 years). */
  COMMENT_RETENTION_DAYS: intFromEnv(1095, 30, 36_500),
  /** Data directory of the local run and its command-line tools (dynalite under `<dir>/db`). */
  HAILONG_DATA_DIR: z._default(z.string().check(z.minLength(1)), '.data'),
  STAGE: z._default(z.string(), 'local'),
  POWERTOOLS_SERVICE_NAME: z._default(z.string(), 'hailong'),
});

export type Config = z.infer<typeof configSchema>;

/** Parses a configuration; throws a readable error naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration / Cấu hình không hợp lệ: ${problems.join('; ')}`);
  }
  return result.data;
}

let cached: Config | undefined;

/** The process configuration, parsed on first use and then kept (fail fast at module load). */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
