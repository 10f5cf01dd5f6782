/**
 * The JSON API's messages name fields in words a person reads ("Đến ngày" / "To"), while `fields[].field`
 * keeps the machine name a client reads (issue 24).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

describe('field names in the JSON API’s error texts', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;

  beforeAll(async () => {
    stack = await startTestStack({ now: () => new Date('2026-12-07T03:00:00Z') });
    key = await seedKey(stack.deps, 'cb', ['scores:read']);
    app = createLocalApp(stack.deps);
  });
  afterAll(() => stack.close());

  it('a reversed range: "Đến ngày" / "To" in the texts, `to` in fields', async () => {
    const res = await app.request('/v1/scores?unit=cb&method=csat&from=2026-02-01&to=2026-01-01', {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as {
      error: { vi: string; en: string; fields: { field: string; vi: string; en: string }[] };
    };
    expect(error.vi).toBe('Dữ liệu không hợp lệ: Đến ngày (phải bằng hoặc sau ngày bắt đầu)');
    expect(error.en).toBe('Invalid input: To (must be on or after the start day)');
    expect(error.fields).toEqual([
      { field: 'to', vi: 'phải bằng hoặc sau ngày bắt đầu', en: 'must be on or after the start day' },
    ]);
  });

  it('a day that is not one: "Từ ngày" / "From" in the texts, `from` in fields', async () => {
    const res = await app.request('/v1/scores?unit=cb&method=csat&from=2026-02-30&to=2026-03-01', {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as {
      error: { vi: string; en: string; fields: { field: string }[] };
    };
    expect(error.vi).toMatch(/^Dữ liệu không hợp lệ: Từ ngày \(/);
    expect(error.en).toMatch(/^Invalid input: From \(/);
    expect(error.fields.map((problem) => problem.field)).toEqual(['from']);
  });
});
