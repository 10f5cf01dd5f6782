/**
 * Races on dynalite through the HTTP surface (DESIGN §5: invariants held by conditional writes, not
 * by reads before writes): 50 concurrent ratings of one dossier, 50 concurrent registrations of one
 * dossier, 50 concurrent self-assessments with one clientId.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateDays } from '../../shared/aggregation/run';
import { localDay } from '../../shared/time';
import { assessmentBody } from '../support/skills';
import { api, dossierBody, postJson, register, type Service, startService } from './support';

const N = 50;
const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>(
    (counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }),
    {},
  );

describe('50-way races', () => {
  let service: Service;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service.close());

  it('stores exactly one of 50 concurrent ratings of one dossier', async () => {
    const path = await register(service);
    const statuses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        postJson(service, path, {
          overall: i % 3,
          i3: 2,
          i4: 1,
          i7: 2,
          reason: 'slow',
          comment: `race ${i}`,
        }).then((res) => res.status),
      ),
    );
    const counts = tally(statuses);
    expect(counts[201], JSON.stringify(counts)).toBe(1);
    expect(
      statuses.every((status) => [201, 409, 429].includes(status)),
      JSON.stringify(counts),
    ).toBe(true);
    const day = localDay(service.clock.now);
    const listing = await api(service, `/v1/ratings?unit=cb-d1-c1&from=2025-06-01&to=${day}`);
    const { ratings } = (await listing.json()) as { ratings: { comment: string | null }[] };
    expect(ratings).toHaveLength(1);
    expect(ratings[0]!.comment).toMatch(/^race \d+$/);
  });

  it('answers one link to 50 concurrent registrations of one dossier, exactly one of them 201', async () => {
    const body = dossierBody(service, { unit: 'cb-d2-c1' });
    const answers = await Promise.all(
      Array.from({ length: N }, () =>
        api(service, '/v1/dossiers', { method: 'POST', body }).then(async (res) => ({
          status: res.status,
          url: ((await res.json()) as { dossiers: { ratingUrl: string }[] }).dossiers[0]!.ratingUrl,
        })),
      ),
    );
    expect(tally(answers.map((answer) => answer.status))).toEqual({ 201: 1, 200: N - 1 });
    expect(new Set(answers.map((answer) => answer.url)).size).toBe(1);
  });

  it('stores one of 50 concurrent self-assessments with one clientId', async () => {
    const body = assessmentBody({ clientId: randomUUID() });
    const statuses = await Promise.all(
      Array.from({ length: N }, () =>
        postJson(service, `/s/${service.campaignId}`, body).then((res) => res.status),
      ),
    );
    const counts = tally(statuses);
    expect(counts[201], JSON.stringify(counts)).toBe(1);
    expect(statuses.every((status) => status === 201 || status === 200 || status === 409)).toBe(true);
    const day = localDay(service.clock.now);
    await aggregateDays(service.stack.deps.store, [day], { now: () => service.clock.now });
    const skills = await api(service, `/v1/skills?unit=cb-d1-c1&from=${day}&to=${day}`);
    expect(skills.status).toBe(200);
    const answer = (await skills.json()) as { overall: { respondents: number } };
    expect(answer.overall.respondents).toBe(1);
  });
});
