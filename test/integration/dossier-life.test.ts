/**
 * A dossier's whole life through the real routes and the nightly job on dynalite, to /v1/scores:
 * reported at receipt and at each change, out of order and twice, rated the same day it changes;
 * in progress, overdue and still open (caught by the due index with no report arriving), supplement
 * waiting deducted, two supplements, withdrawn; immutable fields guarded (409); and the stored
 * aggregates equal to a brute-force recount of every dossier's current state, whatever order the
 * nights are rerun in.
 *
 * Each test tells the story from the start on a table of its own (the steps before its own are
 * replayed by the helpers below), so any one of them can run alone, as the mutation run does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { contributions } from '../../shared/aggregation/dossier-life';
import { aggregateDays } from '../../shared/aggregation/run';
import { satisfactionFamily } from '../../shared/aggregation/satisfaction';
import { addCounts, type Counts, readCounts } from '../../shared/storage/aggregates';
import { storedLifeFromItem } from '../../shared/storage/dossier-reports';
import { dueSnapshots } from '../../shared/storage/dossier-snapshots';
import { dossierRid } from '../../shared/storage/dossiers';
import { queryAll } from '../../shared/storage/dynamo';
import { ancestry, listUnits } from '../../shared/storage/units';
import { eachDay, type LocalDay } from '../../shared/time';
import { postDossiers, seedRating } from '../support/rating';
import { seedKey, startTestStack } from '../support/stack';

/** An instant at a local hour (UTC+7) of a local day. */
const at = (day: LocalDay, hour: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 7) * 3_600_000).toISOString();

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field

const unit = 'cb-d1-c1';
const base = {
  unit,
  procedure: '1.001193',
  applicantType: 'citizen',
  channel: 'counter',
  receivedAt: at('2025-06-02', 8),
};

/** One telling of the story: a fresh table, its keys, the app, and a clock the reports set. */
async function openStory() {
  let clock = new Date(at('2025-06-02', 9));
  const stack = await startTestStack({ now: () => clock, env: { LINK_TTL_DAYS: '30' } });
  const key = await seedRating(stack.deps);
  const scoresKey = await seedKey(stack.deps, 'cb', ['scores:read']);
  const app = createLocalApp(stack.deps);
  const report = (dossier: Record<string, unknown>, hour: number, day: LocalDay) => {
    clock = new Date(at(day, hour));
    return postDossiers(app, key, { ...base, ...dossier });
  };
  const qd766 = async (to: LocalDay) => {
    const res = await app.request(`/v1/scores?unit=${unit}&from=2025-06-01&to=${to}&method=qd766`, {
      headers: { authorization: `Bearer ${scoresKey}` },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { result: Loose }).result;
  };
  const storedOf = async (code: string) => {
    const [item] = await queryAll(stack.deps.store, {
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': `DOSSIER#${dossierRid(unit, code)}`, ':sk': 'DOSSIER' },
    });
    return storedLifeFromItem(item!);
  };
  const nights = (from: LocalDay, to: LocalDay) => aggregateDays(stack.deps.store, eachDay(from, to));
  return { stack, app, key, scoresKey, report, qd766, storedOf, nights };
}
type Story = Awaited<ReturnType<typeof openStory>>;

// The story's steps, each replayed by the tests that come after it.

/** 2 June: A–E received (B due on the 3rd, the others on the 4th). */
async function receiveFive(story: Story) {
  const day = '2025-06-02';
  const responses = [];
  for (const code of ['A', 'B', 'C', 'D', 'E']) {
    const dueAt = at(code === 'B' ? '2025-06-03' : '2025-06-04', 17);
    responses.push(await story.report({ code, dueAt, updatedAt: at(day, 8) }, 9, day));
  }
  return responses;
}

/**
 * 3 June: A returned (then an older report arriving late, a newer one dropping the return), rated
 * "Không hài lòng" and complained about; C waits for a supplement; D asked twice, returned; E withdrawn.
 */
async function changeOnJune3(story: Story) {
  const { app, report } = story;
  const day = '2025-06-03';
  const dueAt = at('2025-06-04', 17);
  const returned = await report(
    { code: 'A', dueAt, finishedAt: at(day, 11), returnedAt: at(day, 14), updatedAt: at(day, 14) },
    14,
    day,
  );
  const link = returned.status === 200 ? ((await returned.json()) as { dossiers: Loose[] }).dossiers[0]! : {};
  // The "finished" report, sent at 11:00, arrives after the return.
  const late = await report({ code: 'A', dueAt, finishedAt: at(day, 11), updatedAt: at(day, 11) }, 15, day);
  // A newer report that drops the return.
  const dropped = await report(
    { code: 'A', dueAt, finishedAt: at(day, 11), updatedAt: at(day, 16) },
    16,
    day,
  );
  // Rated "Không hài lòng" the same day, then a complaint reported the same day after the rating.
  const rated = await app.request(new URL(link.ratingUrl as string).pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ overall: 0, i3: 1, i4: 1, i7: 1, reason: 'slow' }),
  });
  const complaint = await report(
    {
      code: 'A',
      dueAt,
      finishedAt: at(day, 11),
      returnedAt: at(day, 14),
      complaint: true,
      updatedAt: at(day, 18),
    },
    18,
    day,
  );
  const others = [
    await report(
      { code: 'C', dueAt, supplements: [{ requestedAt: at(day, 10) }], updatedAt: at(day, 10) },
      10,
      day,
    ),
    await report(
      {
        code: 'D',
        dueAt,
        supplements: [
          { requestedAt: at(day, 9), suppliedAt: at(day, 10) },
          { requestedAt: at(day, 11), suppliedAt: at(day, 12) },
        ],
        finishedAt: at(day, 15),
        returnedAt: at(day, 16),
        updatedAt: at(day, 16),
      },
      16,
      day,
    ),
    await report({ code: 'E', dueAt, withdrawn: true, updatedAt: at(day, 12) }, 12, day),
  ];
  return { returned, link, late, dropped, rated, complaint, others };
}

/** 6 June: C, supplied on the 5th, finished and returned two days after its due date. */
function returnCOnJune6(story: Story) {
  const day = '2025-06-06';
  return story.report(
    {
      code: 'C',
      dueAt: at('2025-06-04', 17),
      supplements: [{ requestedAt: at('2025-06-03', 10), suppliedAt: at('2025-06-05', 10) }],
      finishedAt: at(day, 9),
      returnedAt: at(day, 10),
      updatedAt: at(day, 10),
    },
    10,
    day,
  );
}

/** The whole story to 6 June, each night run as it ends. */
async function tellToJune6(story: Story) {
  await receiveFive(story);
  await story.nights('2025-06-02', '2025-06-02');
  await changeOnJune3(story);
  await story.nights('2025-06-03', '2025-06-04');
  await returnCOnJune6(story);
  await story.nights('2025-06-05', '2025-06-06');
}

describe("a dossier's whole life, from the first report to /v1/scores", () => {
  let story: Story;
  beforeEach(async () => {
    story = await openStory();
  });
  afterEach(() => story.stack.close());

  it('takes reports at receipt (201, no rating link until the return) and ignores resends (200)', async () => {
    const day = '2025-06-02';
    const responses = await receiveFive(story);
    for (const [index, code] of ['A', 'B', 'C', 'D', 'E'].entries()) {
      const res = responses[index]!;
      expect(res.status).toBe(201);
      const body = (await res.json()) as { dossiers: Loose[] };
      expect(body.dossiers[0]).toMatchObject({ code, unit, created: true });
      expect(body.dossiers[0]!.ratingUrl).toBeUndefined();
    }
    const resend = await story.report(
      { code: 'A', dueAt: at('2025-06-04', 17), updatedAt: at(day, 8) },
      10,
      day,
    );
    expect(resend.status).toBe(200);
    await story.nights('2025-06-02', '2025-06-02');
    expect((await story.qd766('2025-06-30')).dossiers).toMatchObject({
      received: 5,
      inProgress: 5,
      onTime: 0,
    });
  });

  it('refuses (409) a changed receivedAt or procedure, and a newer report without the return; stores nothing', async () => {
    await receiveFive(story);
    const day = '2025-06-03';
    const dueAt = at('2025-06-04', 17);
    const moved = await story.report(
      { code: 'A', dueAt, receivedAt: at('2025-06-01', 8), updatedAt: at(day, 9) },
      9,
      day,
    );
    expect(moved.status).toBe(409);
    expect(JSON.stringify(await moved.json())).toContain('receivedAt');
    const other = await story.report(
      { code: 'A', dueAt, procedure: '2.000488', updatedAt: at(day, 9) },
      9,
      day,
    );
    expect(other.status).toBe(409);
    const stored = await story.storedOf('A');
    expect(stored).toMatchObject({ version: 1, procedure: '1.001193', receivedAt: at('2025-06-02', 8) });
  });

  it('orders changes by updatedAt: an older change arriving late is ignored, the rating link comes with the return', async () => {
    await receiveFive(story);
    await story.nights('2025-06-02', '2025-06-02');
    const { returned, link, late, dropped, rated, complaint, others } = await changeOnJune3(story);
    expect(returned.status).toBe(200);
    expect(link.ratingUrl).toMatch(/\/r\/[A-Za-z0-9_-]+$/);
    // The "finished" report, sent at 11:00, arrives after the return: ignored.
    expect(late.status).toBe(200);
    expect(((await late.json()) as { dossiers: Loose[] }).dossiers[0]!.ratingUrl).toBe(link.ratingUrl);
    // A newer report that drops the return is refused: its link is out, its rating may be in.
    expect(dropped.status).toBe(409);
    expect(rated.status).toBe(201);
    expect(complaint.status).toBe(200);
    expect(others.map((res) => res.status)).toEqual([200, 200, 200]);

    await story.nights('2025-06-03', '2025-06-03');
    const result = await story.qd766('2025-06-30');
    // A on time; B due today, still in progress; C waiting (clock stopped); D late (asked twice); E out.
    expect(result.dossiers).toEqual({
      received: 4,
      onTime: 1,
      inProgress: 2,
      late: 1,
      lateMultipleSupplements: 1,
      withdrawn: 1,
    });
  });

  it('catches the dossier that became late with no report arriving (the due index), and deducts supplement waiting', async () => {
    await receiveFive(story);
    await story.nights('2025-06-02', '2025-06-02');
    await changeOnJune3(story);
    await story.nights('2025-06-03', '2025-06-03');
    expect(
      (await dueSnapshots(story.stack.deps.store, '2025-06-04')).map((snapshot) => snapshot.rid),
    ).toEqual([dossierRid(unit, 'B')]);
    await story.nights('2025-06-04', '2025-06-04');
    expect((await story.qd766('2025-06-30')).dossiers).toMatchObject({
      received: 4,
      onTime: 1,
      inProgress: 1,
      late: 2,
    });

    // C: supplied two days later, finished two days after its due date: the wait is deducted, on time.
    expect((await returnCOnJune6(story)).status).toBe(200);
    await story.nights('2025-06-05', '2025-06-06');
    const result = await story.qd766('2025-06-30');
    expect(result.dossiers).toMatchObject({ received: 4, onTime: 2, inProgress: 0, late: 2, withdrawn: 1 });
    // 20 × 2 on time ÷ 4 received; satisfaction: on time and neither rated 0 nor complained about: C.
    expect(result.groups.progress.metrics[0]).toMatchObject({ numerator: 2, denominator: 4, score: 10 });
    expect(result.groups.satisfaction.metrics[0]).toMatchObject({ numerator: 1, denominator: 4 });
  });

  it('equals a brute-force recount of every current state, after reruns and backfills in any order', async () => {
    await tellToJune6(story);
    const { stack, storedOf } = story;
    const days = eachDay('2025-06-02', '2025-06-07');
    await aggregateDays(stack.deps.store, [...days].reverse());
    await aggregateDays(stack.deps.store, ['2025-06-03', '2025-06-02', '2025-06-06']);
    const units = await listUnits(stack.deps.store);
    const paths = new Map(units.map((entry) => [entry.id, ancestry(entry)]));
    const expected = new Map<string, Counts>();
    for (const code of ['A', 'B', 'C', 'D', 'E']) {
      const stored = await storedOf(code);
      const state = stored.rated ? { ...stored.life.state, rating: stored.rated.rating } : stored.life.state;
      for (const contribution of contributions(state, '2025-06-07')) {
        for (const owner of paths.get(contribution.unit) ?? [contribution.unit]) {
          const key = `${owner}|${contribution.day.slice(0, 7)}`;
          expected.set(key, addCounts(expected.get(key) ?? {}, contribution.counts));
        }
      }
    }
    expect(expected.size).toBeGreaterThan(0);
    for (const [key, counts] of expected) {
      const [owner, month] = key.split('|') as [string, string];
      const { total } = await readCounts(
        stack.deps.store,
        satisfactionFamily.name,
        owner,
        `${month}-01`,
        `${month}-30`,
      );
      const nonZero = Object.fromEntries(Object.entries(total).filter(([, value]) => value !== 0));
      expect(nonZero, key).toEqual(counts);
    }
  });

  it('refuses (409) a change to a dossier whose figures are final, stores nothing, and keeps 766 open while a dossier is', async () => {
    await tellToJune6(story);
    const { app, key, scoresKey, storedOf, stack } = story;
    const before = await storedOf('A');
    const day = '2025-08-01';
    const res = await story.report(
      {
        code: 'A',
        dueAt: at('2025-06-04', 17),
        finishedAt: at('2025-06-03', 11),
        returnedAt: at('2025-06-03', 14),
        complaint: false,
        updatedAt: at(day, 9),
      },
      9,
      day,
    );
    expect(res.status).toBe(409);
    expect(JSON.stringify(await res.json())).toMatch(/2025-06-03 are final/);
    expect(await storedOf('A')).toEqual(before);
    // In a batch, the whole batch is refused: the new dossier beside it is not stored either.
    const batch = await postDossiers(app, key, {
      dossiers: [
        { ...base, code: 'F', dueAt: at('2025-08-05', 17), receivedAt: at(day, 8), updatedAt: at(day, 8) },
        {
          ...base,
          code: 'A',
          dueAt: at('2025-06-04', 17),
          finishedAt: at('2025-06-03', 11),
          returnedAt: at('2025-06-03', 14),
          updatedAt: at(day, 9),
        },
      ],
    });
    expect(batch.status).toBe(409);
    const [fItem] = await queryAll(stack.deps.store, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `DOSSIER#${dossierRid(unit, 'F')}` },
    });
    expect(fItem).toBeUndefined();
    const scores = async (method: string) =>
      (await (
        await app.request(`/v1/scores?unit=${unit}&from=2025-06-01&to=2025-06-30&method=${method}`, {
          headers: { authorization: `Bearer ${scoresKey}` },
        })
      ).json()) as { final: boolean };
    // One rule for every method (DESIGN §4.2: every dossier of the period returned or withdrawn): B,
    // received in June, is still open, so June's figures can still move, though its day 2025-06-03 is final.
    expect((await scores('tt01')).final).toBe(false);
    expect((await scores('qd766')).final).toBe(false);
  });
});
