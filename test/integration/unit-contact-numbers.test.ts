/**
 * A unit's published contact numbers (the unit setting `contactNumbers`): imported by the admin CLI
 * from CSV and JSON, shown by GET /v1/units, and kept readable in the unit's answers — at the citizen's
 * link — while a citizen's number in the same answer is masked (DESIGN §4.1, §6).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { feedbackCaseReader } from '../../shared/feedback/reader';
import { createApiKey } from '../../shared/storage/api-keys';
import { dossierRid } from '../../shared/storage/dossiers';
import { getCase } from '../../shared/storage/feedback-cases';
import { importUnits, listUnits } from '../../shared/storage/units';
import { createUnitDirectory } from '../../shared/unit-directory';
import { useAdminCli } from '../support/admin';
import { formBody, formHeaders, ratingUnits, registerOne, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

describe('contact numbers by the admin CLI', () => {
  const cli = useAdminCli('hailong-contacts-');
  const { admin, file, err } = cli;

  it('imports them from CSV (";" between numbers) and JSON; a unit re-imported without them keeps them', async () => {
    const csv =
      'id,name,kind,parent,codes,contactNumbers\n' +
      'cb,Tỉnh Cao Bằng,province,,,\n' +
      'hoa-an,Xã Hòa An,commune,cb,H10.21,"0206 3852 123; +84 912 000 111"\n';
    expect(await admin('units', 'import', await file('units.csv', csv))).toBe(0);
    const json = JSON.stringify([
      { id: 'ly-quoc', name: 'Xã Lý Quốc', kind: 'commune', parent: 'cb', contactNumbers: ['0206.3860.456'] },
    ]);
    expect(await admin('units', 'import', await file('more.json', json))).toBe(0);
    const renamed = JSON.stringify([{ id: 'hoa-an', name: 'Xã Hòa An mới', kind: 'commune', parent: 'cb' }]);
    expect(await admin('units', 'import', await file('renamed.json', renamed))).toBe(0);
    expect(
      (await listUnits(cli.stack.deps.store)).map((unit) => [unit.id, unit.contactNumbers ?? []]),
    ).toEqual([
      ['cb', []],
      ['hoa-an', ['0206 3852 123', '+84 912 000 111']],
      ['ly-quoc', ['0206.3860.456']],
    ]);
  });

  it('refuses a contact number that is not one phone number, naming the field, and stores nothing', async () => {
    const json = JSON.stringify([
      { id: 'xa-moi', name: 'Xã Mới', kind: 'commune', parent: 'cb', contactNumbers: ['gọi 12345'] },
    ]);
    expect(await admin('units', 'import', await file('bad.json', json))).toBe(1);
    expect(err.join('\n')).toContain('contactNumbers');
    expect(err.join('\n')).toContain('not one phone number');
    expect((await listUnits(cli.stack.deps.store)).map((unit) => unit.id)).not.toContain('xa-moi');
  });
});

describe("a unit's answer at the citizen's link keeps the unit's number, masks the citizen's", () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let registerKey: string;
  let writer: string;
  const clock = new Date('2026-08-28T03:00:00Z');

  beforeAll(async () => {
    stack = await startTestStack({ now: () => clock });
    registerKey = await seedRating(stack.deps);
    // The commune of the dossiers publishes its one-stop desk's number.
    await importUnits(
      stack.deps.store,
      ratingUnits
        .filter((unit) => unit.id === 'cb-d1-c1')
        .map((unit) => ({ ...unit, contactNumbers: ['0206 3852 123'] })),
    );
    app = createLocalApp(stack.deps);
    writer = `test-${randomUUID()}`;
    await createApiKey(stack.deps.store, writer, {
      name: 't',
      unit: 'cb-d1',
      permissions: ['feedback:write', 'ratings:read'],
    });
  });
  afterAll(() => stack.close());

  async function unhappyCase() {
    const registered = await registerOne(app, registerKey, {
      returnedAt: new Date(clock.getTime() - 3_600_000).toISOString(),
      receivedAt: new Date(clock.getTime() - 5 * 86_400_000).toISOString(),
      dueAt: new Date(clock.getTime() + 86_400_000).toISOString(),
    });
    const rated = await app.request(registered.path, {
      method: 'POST',
      headers: formHeaders,
      body: formBody({ overall: '0', reason: 'slow', i3: '1', i4: '1', i7: '1' }),
    });
    expect(rated.status).toBe(201);
    return { path: registered.path, id: dossierRid(registered.dossier.unit, registered.dossier.code) };
  }

  it('GET /v1/units shows the numbers', async () => {
    const res = await app.request('/v1/units', { headers: { authorization: `Bearer ${writer}` } });
    const { units } = (await res.json()) as { units: { id: string; contactNumbers: string[] }[] };
    expect(units.find((unit) => unit.id === 'cb-d1-c1')?.contactNumbers).toEqual(['0206 3852 123']);
    expect(units.find((unit) => unit.id === 'cb-d1')?.contactNumbers).toEqual([]);
  });

  it('through the API: the unit’s number in two forms kept, the citizen’s masked, on the case page', async () => {
    const { path, id } = await unhappyCase();
    const res = await app.request(`/v1/feedback/${id}/answer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        answer: 'Đã gọi ông theo số 0987 654 321. Mọi thắc mắc gọi 0206.3852.123 hoặc +84 206 3852 123.',
      }),
    });
    expect(res.status).toBe(200);
    const html = await (await app.request(path)).text();
    expect(html).toContain('Đã gọi ông theo số [SĐT]. Mọi thắc mắc gọi 0206.3852.123 hoặc +84 206 3852 123.');
    expect(html).not.toContain('0987');
  });

  it('through the dashboard’s reader: the same rule where the answer is stored', async () => {
    const { path, id } = await unhappyCase();
    await feedbackCaseReader(stack.deps.store, createUnitDirectory(stack.deps.store), {
      linkTtlDays: stack.deps.config.LINK_TTL_DAYS,
    }).answer(
      id,
      'Liên hệ 0206 3852 123; e-mail của ông an@gmail.com, số 0912 345 678.',
      { unit: 'cb-d1', keyId: 'k1' },
      clock,
    );
    expect((await getCase(stack.deps.store, id))?.answers.map((answer) => answer.text)).toEqual([
      'Liên hệ 0206 3852 123; e-mail của ông [email], số [SĐT].',
    ]);
    expect(await (await app.request(path)).text()).toContain('Liên hệ 0206 3852 123;');
  });
});
