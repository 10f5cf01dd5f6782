/**
 * Assessment: one digital-skill self-assessment (DESIGN §4.3), stored once per client-made id.
 *
 * Keys: `pk = ASSESS#<clientId>`, `sk = ASSESS`, written by a conditional put, so a resend from a
 * device's offline queue is stored once. Arrival bucket on gsi1: `gsi1pk = ARRIVED#<local day of
 * arrival>#<shard>`, `gsi1sk = S#<clientId>` (the nightly job reads what arrived that day). Per-commune
 * listing on gsi2: `gsi2pk = ASSESSMENTS#<unit>`, `gsi2sk = <day>#<clientId>`, where `day` is the local
 * day the assessment was MADE (its event day): one queued offline for days counts on the day it was made.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  type AgeBand,
  ageBands,
  type Answers,
  type AssessmentInput,
  type Ethnicity,
  ethnicities,
  INSTRUMENT_VERSION,
  type Sex,
  sexes,
} from '../instruments/skills';
import { type LocalDay, localDay } from '../time';
import type { Store } from './client';
import { decodeItem, guarded, type Item, isConditionFailed, queryAll } from './dynamo';
import { arrivalBucket } from './dossiers';
import { arrivalShardCount } from './table';

export interface Assessment {
  clientId: string;
  instrument: string;
  campaign: string;
  unit: string;
  ageBand: AgeBand;
  sex: Sex;
  ethnicity?: Ethnicity | undefined;
  assistedBy?: string | undefined;
  answers: Answers;
  /** When it was made on the device (bounded by the server, see {@link eventInstant}). */
  madeAt: string;
  /** Local day of `madeAt`: the day it counts in. */
  day: LocalDay;
  receivedAt: string;
}

/** How far back a device's clock is believed (an offline queue older than this is refused). */
export const MAX_ASSESSMENT_AGE_DAYS = 60;
/** Clock skew tolerated for a device clock ahead of the server's. */
const FUTURE_SKEW_MS = 10 * 60 * 1000;

export type EventInstant = { ok: true; at: Date } | { ok: false; reason: 'future' | 'too_old' };

/** The instant an assessment counts at: the device's `madeAt` when believable, the server's clock when absent. */
export function eventInstant(madeAt: string | undefined, now: Date): EventInstant {
  if (madeAt === undefined) return { ok: true, at: now };
  const at = new Date(madeAt);
  if (at.getTime() > now.getTime() + FUTURE_SKEW_MS) return { ok: false, reason: 'future' };
  if (at.getTime() < now.getTime() - MAX_ASSESSMENT_AGE_DAYS * 86_400_000)
    return { ok: false, reason: 'too_old' };
  return { ok: true, at: at.getTime() > now.getTime() ? now : at };
}

/** A UUID's first byte picks the shard of the arrival bucket. */
export function assessmentShard(clientId: string): number {
  return Number.parseInt(clientId.slice(0, 2), 16) % arrivalShardCount();
}

export const SKILLS_ARRIVAL_PREFIX = 'S#';

export const assessmentKey = (clientId: string) => ({ pk: `ASSESS#${clientId.toLowerCase()}`, sk: 'ASSESS' });

export function completeAssessment(
  input: AssessmentInput,
  campaign: { id: string; unit: string },
  madeAt: Date,
  receivedAt: Date,
): Assessment {
  return {
    clientId: input.clientId.toLowerCase(),
    instrument: INSTRUMENT_VERSION,
    campaign: campaign.id,
    unit: campaign.unit,
    ageBand: input.ageBand,
    sex: input.sex,
    ...(input.ethnicity ? { ethnicity: input.ethnicity } : {}),
    ...(input.assistedBy ? { assistedBy: input.assistedBy } : {}),
    answers: input.answers as Answers,
    madeAt: madeAt.toISOString(),
    day: localDay(madeAt),
    receivedAt: receivedAt.toISOString(),
  };
}

export function assessmentToItem(assessment: Assessment): Item {
  return {
    ...assessmentKey(assessment.clientId),
    gsi1pk: arrivalBucket(localDay(assessment.receivedAt), assessmentShard(assessment.clientId)),
    gsi1sk: `${SKILLS_ARRIVAL_PREFIX}${assessment.clientId}`,
    gsi2pk: `ASSESSMENTS#${assessment.unit}`,
    gsi2sk: `${assessment.day}#${assessment.clientId}`,
    type: 'assessment',
    ...assessment,
  };
}

const storedAssessmentSchema = z.object({
  clientId: z.string(),
  instrument: z.string(),
  campaign: z.string(),
  unit: z.string(),
  ageBand: z.enum(ageBands),
  sex: z.enum(sexes),
  ethnicity: z.optional(z.enum(ethnicities)),
  assistedBy: z.optional(z.string()),
  answers: z.record(z.string(), z.union([z.literal(0), z.literal(1), z.literal(2)])),
  madeAt: z.string(),
  day: z.string(),
  receivedAt: z.string(),
}) satisfies z.ZodMiniType<Assessment, unknown>;

export function assessmentFromItem(item: Item): Assessment {
  return decodeItem(storedAssessmentSchema, 'assessment', item);
}

/** Stores an assessment once: `created: false` when its clientId was already stored (nothing written). */
export async function saveAssessment(store: Store, assessment: Assessment): Promise<{ created: boolean }> {
  try {
    await guarded(() =>
      store.db.send(
        new PutCommand({
          TableName: store.tableName,
          Item: assessmentToItem(assessment),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return { created: true };
  } catch (error) {
    if (isConditionFailed(error)) return { created: false };
    throw error;
  }
}

export async function getAssessment(store: Store, clientId: string): Promise<Assessment | undefined> {
  const result = await guarded(() =>
    store.db.send(new GetCommand({ TableName: store.tableName, Key: assessmentKey(clientId) })),
  );
  return result.Item ? assessmentFromItem(result.Item) : undefined;
}

/** The assessments of one unit made between two local days (both included), in day order. */
export async function listAssessments(
  store: Store,
  unit: string,
  from: LocalDay,
  to: LocalDay,
): Promise<Assessment[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': `ASSESSMENTS#${unit}`, ':from': `${from}#`, ':to': `${to}#~` },
  });
  return items.map(assessmentFromItem);
}
