import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { feedbackCaseReader } from '../../shared/feedback/reader';
import { ForbiddenError } from '../../shared/errors';
import { dossierRid } from '../../shared/storage/dossiers';
import { getCase } from '../../shared/storage/feedback-cases';
import { createUnitDirectory } from '../../shared/unit-directory';
import { formBody, formHeaders, registerOne, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

describe("the dashboard's feedback reader on dynalite", () => {
  let stack: TestStack;
  const clock = new Date('2026-08-28T03:00:00Z');
  let id: string;
  let unit: string;

  beforeAll(async () => {
    stack = await startTestStack({ now: () => clock });
    const key = await seedRating(stack.deps);
    const app = createLocalApp(stack.deps);
    const registered = await registerOne(app, key, {
      receivedAt: new Date(clock.getTime() - 5 * 86_400_000).toISOString(),
      dueAt: new Date(clock.getTime() + 86_400_000).toISOString(),
      returnedAt: new Date(clock.getTime() - 3_600_000).toISOString(),
    });
    const rated = await app.request(registered.path, {
      method: 'POST',
      headers: formHeaders,
      body: formBody({ overall: '0', reason: 'slow', i3: '1', i4: '1', i7: '1', comment: 'gọi 0912345678' }),
    });
    expect(rated.status).toBe(201);
    unit = registered.dossier.unit;
    id = dossierRid(unit, registered.dossier.code);
  });
  afterAll(() => stack.close());

  it('lists the case a "Không hài lòng" opened, with its masked comment, as open until its due day and overdue after', async () => {
    const reader = feedbackCaseReader(stack.deps.store, createUnitDirectory(stack.deps.store), {
      linkTtlDays: 30,
    });
    const open = await reader.openCases([unit], clock, 10);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id, unit, status: 'open', reason: 'slow' });
    expect(open[0]!.comment).not.toContain('0912345678');
    const later = new Date(clock.getTime() + 30 * 86_400_000);
    expect((await reader.openCases([unit], later, 10))[0]!.status).toBe('overdue');
    expect(await reader.openCases(['cb-d2'], clock, 10)).toEqual([]);
  });

  it("answers a case masked, only within the key's units, and then no longer lists it as open", async () => {
    const reader = feedbackCaseReader(stack.deps.store, createUnitDirectory(stack.deps.store), {
      linkTtlDays: 30,
    });
    await expect(reader.answer(id, 'Gọi 0987654321', { keyId: 'k2', unit: 'cb-d2' }, clock)).rejects.toThrow(
      ForbiddenError,
    );
    expect((await getCase(stack.deps.store, id))!.answers).toEqual([]);
    await reader.answer(id, 'Xin lỗi, gọi 0987654321', { keyId: 'k1', unit: 'cb' }, clock);
    const stored = (await getCase(stack.deps.store, id))!;
    expect(stored.answers).toHaveLength(1);
    expect(stored.answers[0]!.text).not.toContain('0987654321');
    expect(stored.answers[0]!.by).toBe('k1');
    expect(await reader.openCases([unit], clock, 10)).toEqual([]);
  });
});
