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
