import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AssessmentFacts } from '../../shared/aggregation/skills';
import type { DayChange } from '../../shared/storage/day-buckets';
import type { Assessment } from '../../shared/storage/assessments';
import { aggregationFamiliesFor } from '../../shared/aggregation/nightly-families';
import { aggregateDays } from '../../shared/aggregation/run';
import type { Config } from '../../shared/config';
import type { AppDeps } from '../../shared/http/deps';
/** Helpers for the digital-skill tests: answers and assessments built from a few choices. */
import { randomUUID } from 'node:crypto';
import type { AgeBand, Answers, Area, Sex } from '../../shared/instruments/skills';
import { skillItems } from '../../shared/instruments/skills';

/** Every item answered `level`, then the overrides. */
export function answersAll(level: 0 | 1 | 2, overrides: Answers = {}): Answers {
  return { ...Object.fromEntries(skillItems.map((item) => [item.id, level])), ...overrides };
}

/** Answers whose DSI level is `basic` (one item on my own) in the given areas and none elsewhere. */
export function basicIn(selected: readonly Area[]): Answers {
  const answers = answersAll(0);
  for (const area of selected) {
    const first = skillItems.find((item) => item.area === area);
    if (first) answers[first.id] = 2;
  }
  return answers;
}

export function assessmentBody(
  fields: { ageBand?: AgeBand; sex?: Sex; answers?: Answers; clientId?: string; madeAt?: string } = {},
) {
  return {
    clientId: fields.clientId ?? randomUUID(),
    ageBand: fields.ageBand ?? '25-34',
    sex: fields.sex ?? 'female',
    answers: fields.answers ?? answersAll(2),
    ...(fields.madeAt ? { madeAt: fields.madeAt } : {}),
  };
}

/**
 * Runs the nightly aggregation over every arrival day present in the test table (a Scan is fine in a
 * test), as the scheduler would have by the next morning; `config` picks the plan146 rule.
 */
export async function aggregateArrivals(deps: AppDeps, config: Config = deps.config): Promise<void> {
  const days = new Set<string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.store.db.send(
      new ScanCommand({
        TableName: deps.store.tableName,
        ProjectionExpression: 'gsi1pk',
        FilterExpression: 'begins_with(gsi1pk, :arrived)',
        ExpressionAttributeValues: { ':arrived': 'ARRIVED#' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) days.add(String(item.gsi1pk).split('#')[1]!);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  await aggregateDays(deps.store, [...days].sort(), {
    now: deps.now,
    families: aggregationFamiliesFor(config),
  });
}

/** An arrival of an assessment with the facts the skills family reads (the rest of the record unused). */
export const assessmentArrival = (facts: AssessmentFacts): DayChange => ({
  kind: 'assessment',
  assessment: {
    clientId: '',
    instrument: '',
    campaign: '',
    madeAt: '',
    receivedAt: '',
    ...facts,
  } as Assessment,
});
