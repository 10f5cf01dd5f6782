/**
 * The contract holds for a client generated from it: openapi-typescript turns /openapi.json into
 * types, and every JSON answer the running service gives (dynalite, real data, aggregated) is written
 * as a typed literal and type-checked by TypeScript — a field the document lacks, a wrong type or a
 * missing required field fails. A mutated answer proves the check can fail.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { aggregateDays } from '../../shared/aggregation/run';
import { openApiDocument } from '../../shared/http/openapi';
import { skillItemIds } from '../../shared/instruments/skills';
import { createApiKey } from '../../shared/storage/api-keys';
import { createCampaign } from '../../shared/storage/campaigns';
import { localDay } from '../../shared/time';
import { dossierInput, registerOne, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

const DIR = join(process.cwd(), 'test', '.generated');

interface Answer {
  path: string;
  method: 'get' | 'post' | 'put';
  status: number;
  body: unknown;
}

/** A source file assigning each answer, as a literal, to its generated response type. */
function typeCheck(answers: Answer[], file: string): [string, string] {
  const lines = answers.map(
    (answer, index) =>
      `export const a${index}: paths[${JSON.stringify(answer.path)}][${JSON.stringify(answer.method)}]['responses'][${answer.status}]['content']['application/json'] = ${JSON.stringify(answer.body)};`,
  );
  return [join(DIR, file), `import type { paths } from './api';\n${lines.join('\n')}\n`];
}

/** Writes the files and type-checks them strictly; answers the compiler's messages. */
async function compile(files: [string, string][]): Promise<string[]> {
  for (const [path, text] of files) await writeFile(path, text);
  const program = ts.createProgram(
    files.map(([path]) => path),
    {
      strict: true,
      noEmit: true,
      exactOptionalPropertyTypes: false,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      module: ts.ModuleKind.ESNext,
    },
  );
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file?.fileName.split('/').pop()}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

describe('a client generated from /openapi.json with openapi-typescript', () => {
  let stack: TestStack;
  const answers: Answer[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    const key = await seedRating(stack.deps);
    const admin = 'openapi-admin-key-0123456789';
    await createApiKey(stack.deps.store, admin, { name: 'a', unit: 'cb', permissions: ['admin'] });
    const app = createLocalApp(stack.deps);
    const record = async (path: string, url: string, init: RequestInit = {}) => {
      const res = await app.request(url, {
        ...init,
        headers: { authorization: `Bearer ${admin}`, ...init.headers },
      });
      expect(res.status, url).toBeLessThan(300);
      answers.push({
        path,
        method: (init.method ?? 'GET').toLowerCase() as Answer['method'],
        status: res.status,
        body: await res.json(),
      });
    };
    const json = { 'content-type': 'application/json' };
    const rated = [
      { overall: 0, i3: 1, i4: 0, i7: 0, reason: 'slow', comment: 'Chờ lâu' },
      { overall: 2, i3: 2, i4: 2, i7: 2 },
    ];
    for (const answersOf of rated) {
      const { token } = await registerOne(app, key);
      await record('/r/{token}', `/r/${token}`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(answersOf),
      });
    }
    const sipas = await registerOne(app, key, { unit: 'cb-sipas' });
    await record('/r/{token}', `/r/${sipas.token}`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ overall: 1, i3: 2, i4: 1, i7: 2, s1: 4, s2: 5 }),
    });
    await record('/v1/dossiers', '/v1/dossiers', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ dossiers: [dossierInput({ channel: 'online' })] }),
    });
    const campaign = await createCampaign(stack.deps.store, { unit: 'cb-d1-c1' });
    await record('/s/{campaign}', `/s/${campaign.id}`, {
      method: 'POST',
      headers: { ...json, accept: 'application/json' },
      body: JSON.stringify({
        clientId: '0b0f7a52-3c1d-4b7e-9a51-2f4c8d9e6a10',
        ageBand: '25-34',
        sex: 'female',
        ethnicity: 'tay',
        answers: Object.fromEntries(skillItemIds.map((id, i) => [id, i % 3])),
      }),
    });
    const today = localDay(new Date());
    await aggregateDays(stack.deps.store, [today]);
    const year = today.slice(0, 4);
    const range = `from=${year}-01-01&to=${year}-12-31`;
    for (const method of ['tt01', 'qd766', 'sipas', 'csat']) {
      await record('/v1/scores', `/v1/scores?unit=cb&${range}&method=${method}`);
      await record('/v1/scores', `/v1/scores?unit=cb&${range}&method=${method}&groupBy=quarter`);
      await record('/v1/rankings', `/v1/rankings?parent=cb&${range}&method=${method}`);
    }
    await record('/v1/ratings', `/v1/ratings?unit=cb&${range}`);
    for (const indicator of ['plan146', 'dsi'])
      await record('/v1/skills', `/v1/skills?unit=cb&${range}&indicator=${indicator}`);
    const month = today.slice(0, 7);
    await record('/v1/period-inputs/{unit}/{month}/{indicator}', `/v1/period-inputs/cb/${month}/i5`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ value: 2, note: 'Kiểm tra bộ phận một cửa' }),
    });
    await record('/v1/period-inputs', `/v1/period-inputs?unit=cb&from=${month}&to=${month}`);
    await record('/v1/units', '/v1/units');
    await record('/v1/procedures', '/v1/procedures');
    await record('/healthz', '/healthz');

    await mkdir(DIR, { recursive: true });
    const types = astToString(await openapiTS(openApiDocument() as never));
    await writeFile(join(DIR, 'api.ts'), types);
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await rm(DIR, { recursive: true, force: true });
  });

  it('type-checks every JSON answer of the service, with data in every figure', async () => {
    expect(answers.length).toBeGreaterThan(20);
    // Figures with data: the check covers intervals and values, not only nulls.
    expect(JSON.stringify(answers)).toContain('"interval95":{"low"');
    expect(await compile([typeCheck(answers, 'answers.ts')])).toEqual([]);
  }, 60_000);

  it('fails on an answer the document does not describe (a renamed field, a wrong type)', async () => {
    const units = answers.find((a) => a.path === '/v1/units')!;
    const renamed = { ...units, body: { unitz: [] } };
    const health = answers.find((a) => a.path === '/healthz')!;
    const wrongType = { ...health, body: { ...(health.body as object), time: 12 } };
    const errors = await compile([typeCheck([renamed, wrongType], 'mutated.ts')]);
    expect(errors.join('\n')).toMatch(/unitz/);
    expect(errors.join('\n')).toMatch(/number.*string|string.*number/s);
  }, 60_000);
});
