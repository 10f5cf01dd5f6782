/**
 * The deployment settings of one province, validated with zod. `infra/app.ts` reads the CDK context
 * (`-c key=value` or cdk.json) once and hands the raw values here; stacks receive the parsed result
 * as props and never read context themselves.
 */
import { z } from 'zod';

const slug = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/,
    'phải là chữ thường không dấu, số và "-", 2–32 ký tự / must be a slug: lowercase letters, digits and "-", 2–32 characters',
  );

/** A value given with `-c` arrives as a string; an empty one means "not set". */
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

export const deploymentContextSchema = z
  .object({
    /** `dev`, `staging`, `prod`, or any slug (a personal sandbox). */
    stage: slug,
    /** The province's slug, e.g. `cao-bang`: part of every stack's name. */
    province: slug,
    /** Custom domain of the public pages and the API, e.g. `danhgia.caobang.gov.vn`. */
    domainName: optionalText.pipe(
      z
        .string()
        .regex(
          /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
          'phải là tên miền / must be a DNS name like danhgia.caobang.gov.vn',
        )
        .optional(),
    ),
    /** ACM certificate (same region as the API) covering `domainName`. */
    certificateArn: optionalText.pipe(
      z
        .string()
        .regex(
          /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
          'phải là ARN chứng chỉ ACM / must be an ACM certificate ARN',
        )
        .optional(),
    ),
    /** Where alarms are e-mailed (an SNS subscription that the recipient confirms). */
    alarmEmail: optionalText.pipe(z.email('phải là địa chỉ e-mail / must be an e-mail address').optional()),
    /** How long ratings (and their comments) are kept before DynamoDB TTL removes them. */
    commentRetentionDays: z.preprocess(
      (value) => (value === '' || value === undefined ? undefined : Number(value)),
      z
        .number({ error: 'phải là số ngày / must be a number of days' })
        .int('phải là số nguyên / must be a whole number of days')
        .min(30, 'ít nhất 30 ngày / at least 30 days')
        .max(36_500, 'nhiều nhất 36500 ngày / at most 36500 days')
        .default(1095),
    ),
    /** `on` publishes `/public` (the units ranked, no comments, no sign-in; DESIGN §8). */
    publicDashboard: z.preprocess(
      (value) => (value === '' || value === undefined ? undefined : value),
      z.enum(['on', 'off'], { error: 'phải là on hoặc off / must be on or off' }).default('off'),
    ),
  })
  .superRefine((context, ctx) => {
    if (Boolean(context.domainName) !== Boolean(context.certificateArn)) {
      ctx.addIssue({
        code: 'custom',
        path: [context.domainName ? 'certificateArn' : 'domainName'],
        message:
          'domainName và certificateArn đi cùng nhau / domainName and certificateArn go together: give both or neither',
      });
    }
  });

export type DeploymentContext = z.infer<typeof deploymentContextSchema>;

export const CONTEXT_KEYS = [
  'stage',
  'province',
  'domainName',
  'certificateArn',
  'alarmEmail',
  'commentRetentionDays',
  'publicDashboard',
] as const;

/** Parses the context; throws one readable error (Vietnamese, then English) naming every bad key. */
export function parseDeploymentContext(raw: Record<string, unknown>): DeploymentContext {
  const result = deploymentContextSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(context)';
    const given = raw[key as keyof typeof raw];
    return `  -c ${key}${given === undefined ? ' (missing / thiếu)' : `=${String(given)}`}: ${issue.message}`;
  });
  return fail(
    [
      'Ngữ cảnh CDK không hợp lệ / Invalid CDK context:',
      ...problems,
      'Ví dụ / Example: npx cdk synth -c stage=prod -c province=cao-bang',
    ].join('\n'),
  );
}

function fail(message: string): never {
  throw new Error(message);
}

/** The name shared by a province's stacks and resources: `hailong-<province>-<stage>`. */
export const stackPrefix = (context: DeploymentContext) => `hailong-${context.province}-${context.stage}`;
