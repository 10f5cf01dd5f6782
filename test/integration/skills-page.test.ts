import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { skillItems } from '../../shared/instruments/skills';
import { getAssessment } from '../../shared/storage/assessments';
import { type Campaign, createCampaign } from '../../shared/storage/campaigns';
import { importUnits } from '../../shared/storage/units';
import { aggregateArrivals, answersAll, assessmentBody } from '../support/skills';
import { sampleUnits, seedKey, startTestStack, type TestStack } from '../support/stack';

const NOW = new Date('2026-03-10T03:00:00Z');

describe('self-assessment page /s/{campaign} on dynalite', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let campaign: Campaign;

  const countAssessments = async () => {
    const result = await stack.deps.store.db.send(
      new ScanCommand({
        TableName: stack.deps.store.tableName,
        FilterExpression: '#type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'assessment' },
      }),
    );
    return result.Items?.length ?? 0;
  };
  const postJson = (body: unknown, id = campaign.id) =>
    app.request(`/s/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    stack = await startTestStack({ now: () => NOW });
    await importUnits(stack.deps.store, sampleUnits);
    campaign = await createCampaign(stack.deps.store, { unit: 'cb-d1-c1', team: 'T01' }, NOW);
    app = createLocalApp(stack.deps);
  });
  afterAll(() => stack.close());

  it('serves the form in Vietnamese with every item, the commune and a fresh client id', async () => {
    const res = await app.request(`/s/${campaign.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Xã Một Một');
    for (const item of skillItems) expect(html).toContain(`name="${item.id}"`);
    expect(html).toMatch(/name="clientId" value="[0-9a-f-]{36}"/);
    expect(html).not.toMatch(/(src|href)="https?:/);
    const en = await (await app.request(`/s/${campaign.id}?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Can you do this?');
  });

  it('answers an unknown campaign with a 404 page', async () => {
    const res = await app.request('/s/NoSuchId');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Không tìm thấy');
    expect((await app.request('/s/<script>')).status).toBe(404);
  });

  it('serves a service worker allowed to control the page path, and a manifest', async () => {
    const res = await app.request(`/s/${campaign.id}/sw.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('service-worker-allowed')).toBe(`/s/${campaign.id}`);
    expect(res.headers.get('content-type')).toContain('javascript');
    const manifest = await app.request(`/s/${campaign.id}/manifest.webmanifest`);
    expect(((await manifest.json()) as { start_url: string }).start_url).toBe(`/s/${campaign.id}`);
  });

  it('stores a JSON assessment on the day it was made and answers 201, then 200 for the same clientId', async () => {
    const body = assessmentBody({ madeAt: '2026-03-07T20:00:00Z' });
    const first = await postJson(body);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ clientId: body.clientId, stored: true, day: '2026-03-08' });
    const again = await postJson(body);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { stored: boolean }).stored).toBe(false);
    const stored = await getAssessment(stack.deps.store, body.clientId);
    expect(stored?.unit).toBe('cb-d1-c1');
    expect(stored?.day).toBe('2026-03-08');
    expect(stored?.receivedAt).toBe(NOW.toISOString());
  });

  it('counts an assessment queued offline on the day it was made, not the day it arrived', async () => {
    const key = await seedKey(stack.deps, 'cb-d1-c1', ['scores:read']);
    const body = assessmentBody({ ageBand: '55-64', madeAt: '2026-03-02T02:00:00Z' });
    expect((await postJson(body)).status).toBe(201);
    await aggregateArrivals(stack.deps);
    const on = async (day: string) => {
      const res = await app.request(`/v1/skills?unit=cb-d1-c1&from=${day}&to=${day}&indicator=dsi`, {
        headers: { authorization: `Bearer ${key}` },
      });
      return ((await res.json()) as { byAgeBand: Record<string, { respondents: number }> }).byAgeBand['55-64']
        ?.respondents;
    };
    expect(await on('2026-03-02')).toBe(1);
    expect(await on('2026-03-10')).toBe(0);
  });

  it('takes item answers beside the respondent fields in JSON too', async () => {
    const { answers, ...respondent } = assessmentBody({ ageBand: '45-54' });
    const res = await postJson({ ...respondent, ...answers });
    expect(res.status).toBe(201);
    expect((await getAssessment(stack.deps.store, respondent.clientId))?.answers).toEqual(answers);
    const unknown = await postJson({
      ...assessmentBody(),
      answers: undefined,
      ...answersAll(2),
      fly_drone: 1,
    });
    expect(unknown.status).toBe(422);
  });

  it('takes the plain form post and redirects 303 to a fresh form saying it was saved', async () => {
    const clientId = randomUUID();
    const form = new URLSearchParams({
      clientId,
      ageBand: '65+',
      sex: 'male',
      ethnicity: 'tay',
      assistedBy: 'T01',
    });
    for (const [id, value] of Object.entries(answersAll(1))) form.set(id, String(value));
    const res = await app.request(`/s/${campaign.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/s/${campaign.id}?saved=1`);
    const next = await (await app.request(res.headers.get('location')!)).text();
    expect(next).toContain('Đã lưu phiếu');
    const stored = await getAssessment(stack.deps.store, clientId);
    expect(stored).toMatchObject({ ageBand: '65+', sex: 'male', ethnicity: 'tay', assistedBy: 'T01' });
    expect(stored?.answers.bank_qr).toBe(1);
  });

  it.each([
    ['an unknown item', { answers: { ...answersAll(2), fly_drone: 2 } }, 'answers'],
    ['a value out of range', { answers: answersAll(2, { bank_qr: 3 as 2 }) }, 'answers.bank_qr'],
    ['a missing age band', { ageBand: undefined }, 'ageBand'],
    ['a missing item', { answers: (({ ai_ask: _a, ...rest }) => rest)(answersAll(2)) }, 'answers.ai_ask'],
    ['a client id that is not a UUID', { clientId: 'abc' }, 'clientId'],
    ['a madeAt older than 60 days', { madeAt: '2025-12-01T00:00:00Z' }, 'madeAt'],
    ['a madeAt in the future', { madeAt: '2026-03-11T00:00:00Z' }, 'madeAt'],
    ['a madeAt in year 0001', { madeAt: '0001-01-01T00:00:00Z' }, 'madeAt'],
    ['a madeAt in year 9999', { madeAt: '9999-12-31T00:00:00Z' }, 'madeAt'],
    ['a phone number as assistedBy', { assistedBy: '0912345678' }, 'assistedBy'],
    ['an ID number as assistedBy', { assistedBy: '001099012345' }, 'assistedBy'],
    ['a phone behind a letter as assistedBy', { assistedBy: 'T091-234-5678' }, 'assistedBy'],
  ])('refuses %s with 422 naming the field and stores nothing', async (_name, change, field) => {
    const before = await countAssessments();
    const body = { ...assessmentBody(), ...change };
    const res = await postJson(body);
    expect(res.status).toBe(422);
    const error = ((await res.json()) as { error: { fields: { field: string }[] } }).error;
    expect(error.fields.map((problem) => problem.field).some((name) => name.startsWith(field))).toBe(true);
    expect(await countAssessments()).toBe(before);
  });

  it('refuses a bad form post with a 422 page naming the field', async () => {
    const before = await countAssessments();
    const res = await app.request(`/s/${campaign.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `clientId=${randomUUID()}&sex=female&ops_submit=2`,
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('ageBand');
    expect(html).not.toContain('<script>');
    expect(await countAssessments()).toBe(before);
  });

  it('refuses a post to an unknown campaign and an oversized body', async () => {
    expect((await postJson(assessmentBody(), 'AAAAAAAA')).status).toBe(404);
    const big = await app.request(`/s/${campaign.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...assessmentBody(), pad: 'x'.repeat(20_000) }),
    });
    expect(big.status).toBe(413);
  });
});
