/**
 * Calendar edges for every date input (issue #8 item 1; DESIGN §6: years 2000–2100): the query days
 * of /v1/scores, /v1/rankings, /v1/ratings and /v1/skills, the instants of POST /v1/dossiers, the
 * self-assessment's madeAt, and the aggregation handler's and CLI's days. Outside the calendar: a
 * clear 4xx (or a refused job) naming the field, nothing stored; the last day of the calendar works.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregateHandler } from '../../functions/aggregate/handler';
import { runAggregateCli } from '../../local/aggregate';
import { assessmentBody } from '../support/skills';
import { api, dossierBody, postJson, type Service, startService, storedItems } from './support';

const OUTSIDE = ['0001-01-01', '1999-12-31', '9999-12-31', '2023-02-29'];
const queries = [
  (day: string) => `/v1/scores?unit=cb&from=${day}&to=${day}&method=csat&groupBy=day`,
  (day: string) => `/v1/scores?unit=cb&from=2099-01-01&to=${day}&method=tt01&groupBy=month`,
  (day: string) => `/v1/scores?unit=cb&from=${day}&to=2100-12-31&method=qd766`,
  (day: string) => `/v1/rankings?parent=cb&from=${day}&to=${day}&method=csat`,
  (day: string) => `/v1/ratings?unit=cb&from=${day}&to=${day}`,
  (day: string) => `/v1/skills?unit=cb&from=${day}&to=${day}`,
];

interface ErrorBody {
  error: { code: string; vi: string; en: string; fields?: { field: string }[] };
}

describe('calendar edges of every date input', () => {
  let service: Service;
  let before: number;
  beforeAll(async () => {
    service = await startService();
    before = await storedItems(service.stack.deps.store);
  });
  afterAll(() => service.close());

  it.each(OUTSIDE.flatMap((day) => queries.map((query) => query(day))))(
    'refuses %s with 422 in both languages',
    async (path) => {
      const res = await api(service, path);
      expect(res.status).toBe(422);
      const body = (await res.json()) as ErrorBody;
      expect(
        body.error.fields?.map((problem) => problem.field).some((field) => /^(from|to)$/.test(field)),
      ).toBe(true);
      expect(body.error.vi).not.toBe('');
      expect(body.error.en).toMatch(/Invalid input/);
    },
  );

  it.each([
    '/v1/scores?unit=cb&from=2100-12-01&to=2100-12-31&method=csat&groupBy=day',
    '/v1/scores?unit=cb&from=2096-01-01&to=2100-12-31&method=tt01&groupBy=year',
    '/v1/scores?unit=cb&from=2000-01-01&to=2000-12-31&method=sipas&groupBy=quarter',
    '/v1/rankings?parent=cb&from=2100-12-31&to=2100-12-31&method=qd766',
    '/v1/ratings?unit=cb&from=2100-12-31&to=2100-12-31',
    '/v1/skills?unit=cb&from=2100-12-31&to=2100-12-31',
  ])('answers %s on the edge of the calendar (200)', async (path) => {
    expect((await api(service, path)).status).toBe(200);
  });

  it.each(['0001-01-01T00:00:00Z', '1999-12-31T12:00:00Z', '9999-12-31T00:00:00Z', '2023-02-29T00:00:00Z'])(
    'refuses a dossier with an instant %s (422 naming it), storing nothing',
    async (instant) => {
      for (const field of ['receivedAt', 'dueAt', 'returnedAt']) {
        const res = await api(service, '/v1/dossiers', {
          method: 'POST',
          body: dossierBody(service, { [field]: instant }),
        });
        expect(res.status).toBe(422);
        expect(((await res.json()) as ErrorBody).error.fields?.map((problem) => problem.field)).toContain(
          field,
        );
      }
      expect(await storedItems(service.stack.deps.store)).toBe(before);
    },
  );

  it.each(['0001-01-01T00:00:00Z', '1999-12-31T00:00:00Z', '9999-12-31T00:00:00Z', '2023-02-29T00:00:00Z'])(
    'refuses a self-assessment made at %s (422 naming madeAt)',
    async (madeAt) => {
      const res = await postJson(service, `/s/${service.campaignId}`, assessmentBody({ madeAt }));
      expect(res.status).toBe(422);
      expect(((await res.json()) as ErrorBody).error.fields?.map((problem) => problem.field)).toContain(
        'madeAt',
      );
      expect(await storedItems(service.stack.deps.store)).toBe(before);
    },
  );

  it.each([
    ...OUTSIDE.map((day) => ({ date: day })),
    { from: '2100-12-31', to: '9999-12-31' },
    { from: '0001-01-01', to: '2000-01-01' },
  ])('refuses the aggregation job %j without running a day', async (event) => {
    const handler = createAggregateHandler({
      store: service.stack.deps.store,
      now: () => service.clock.now,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'hailong-test' }),
    });
    await expect(handler(event, {} as Context)).rejects.toThrow(/2000-01-01 … 2100-12-31/);
    const printed: string[] = [];
    const args = Object.entries(event).flatMap(([name, value]) => [`--${name}`, value]);
    const code = await runAggregateCli(
      args,
      { deps: service.stack.deps, dataDir: '.', print: (line) => printed.push(line) },
      { write: (text) => printed.push(text) },
    );
    expect(code).toBe(2);
    expect(printed.join('\n')).toMatch(/Error: Invalid input/);
  });

  it('aggregates the last day of the calendar', async () => {
    const printed: string[] = [];
    const code = await runAggregateCli(
      ['--date', '2100-12-31'],
      { deps: service.stack.deps, dataDir: '.', print: (line) => printed.push(line) },
      { write: (text) => printed.push(text) },
    );
    expect(code, printed.join('\n')).toBe(0);
  });
});
