/**
 * Feedback cases (DESIGN §4.4, §8): `GET /v1/feedback` lists the cases of a unit's subtree opened in
 * [from, to] (ratings:read; `status=open|overdue|answered|closed`; cursor pages; `Accept: text/csv`
 * streams them all), and `POST /v1/feedback/{id}/answer` answers one (feedback:write, scoped to the
 * case's unit; the text masked like comments; an edit before the citizen judged keeps the history).
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { type CaseStatus, caseStatusOn, type FeedbackCase } from '../../../shared/feedback/cases';
import { answerBodySchema, feedbackQuerySchema } from '../../../shared/feedback/queries';
import { type ApiEnv, authorizeUnit, requirePermission } from '../../../shared/http/auth';
import { limitBody } from '../../../shared/http/body-limit';
import { maskPersonalData } from '../../../shared/masking';
import type { Store } from '../../../shared/storage/client';
import type { Item } from '../../../shared/storage/dynamo';
import { answerCase, getCase, isCaseIndexKey, queryCases } from '../../../shared/storage/feedback-cases';
import type { Unit } from '../../../shared/storage/units';
import { addDays, type LocalDay, localDay } from '../../../shared/time';
import { parseInput } from '../../../shared/validation';
import type { ApiDeps } from '../../../shared/http/deps';
import { readJson } from '../../../shared/http/read-json';
import { checkRange } from '../../../shared/date-range';
import { csvId, csvLine, csvText } from '../../../shared/reports/csv';

/**
 * A case is due at most 60 working days after it opens (config bound); with weekends and a generous
 * year of holidays that is under 120 calendar days, so the due-day index read for cases opened in
 * [from, to] is [from, to + 120].
 */
const DUE_LOOKAHEAD_DAYS = 120;

export const feedbackColumns = [
  'id',
  'unit',
  'dossierCode',
  'status',
  'triggers',
  'openedAt',
  'dueDay',
  'reason',
  'reasonText',
  'comment',
  'answer',
  'answeredAt',
  'firstAnsweredAt',
  'answerEdits',
  'judgement',
  'judgedAt',
  'judgementComment',
] as const;
/** The columns holding people's words (free text, guarded by the CSV writer); the others are identifiers. */
const feedbackTextColumns: ReadonlySet<string> = new Set([
  'reasonText',
  'comment',
  'answer',
  'judgementComment',
]);
type FeedbackRow = Record<(typeof feedbackColumns)[number], string | number | null>;

/** A case as the API shows it: the status as of today, the latest answer and its history. */
export function caseView(feedbackCase: FeedbackCase, today: LocalDay) {
  const latest = feedbackCase.answers.at(-1);
  return {
    id: feedbackCase.id,
    unit: feedbackCase.unit,
    dossierCode: feedbackCase.dossierCode,
    status: caseStatusOn(feedbackCase, today),
    triggers: feedbackCase.triggers,
    openedAt: feedbackCase.openedAt,
    dueDay: feedbackCase.dueDay,
    reason: feedbackCase.reason ?? null,
    reasonText: feedbackCase.reasonText ?? null,
    comment: feedbackCase.comment ?? null,
    answer: latest?.text ?? null,
    answeredAt: latest?.at ?? null,
    firstAnsweredAt: feedbackCase.firstAnsweredAt ?? null,
    answers: feedbackCase.answers,
    judgement: feedbackCase.judgement ?? null,
    judgedAt: feedbackCase.judgedAt ?? null,
    judgementComment: feedbackCase.judgementComment ?? null,
  };
}

function rowOf(view: ReturnType<typeof caseView>): FeedbackRow {
  const { answers, triggers, ...rest } = view;
  return { ...rest, triggers: triggers.join(' '), answerEdits: answers.length };
}

interface Position {
  unit: number;
  key?: Item | undefined;
}

const badCursor = () =>
  new ValidationError([
    {
      field: 'cursor',
      vi: 'con trỏ không hợp lệ hoặc không thuộc truy vấn này',
      en: 'invalid cursor, or from another query',
    },
  ]);

async function readCases(
  store: Store,
  units: Unit[],
  query: { from: LocalDay; to: LocalDay; status?: CaseStatus | undefined },
  today: LocalDay,
  start: Position,
  limit: number,
): Promise<{ cases: ReturnType<typeof caseView>[]; next: Position | undefined }> {
  const cases: ReturnType<typeof caseView>[] = [];
  let position: Position = { ...start };
  const range = { dueFrom: query.from, dueTo: addDays(query.to, DUE_LOOKAHEAD_DAYS) };
  while (position.unit < units.length && cases.length < limit) {
    const page = await queryCases(store, units[position.unit]!.id, range, {
      limit: limit - cases.length,
      startKey: position.key,
    });
    for (const feedbackCase of page.cases) {
      if (feedbackCase.openedDay < query.from || feedbackCase.openedDay > query.to) continue;
      const view = caseView(feedbackCase, today);
      if (query.status && view.status !== query.status) continue;
      cases.push(view);
    }
    position = page.lastKey ? { unit: position.unit, key: page.lastKey } : { unit: position.unit + 1 };
  }
  return { cases, next: position.unit < units.length ? position : undefined };
}

export function feedbackRoutes(deps: ApiDeps) {
  return new Hono<ApiEnv>()
    .get('/', async (c) => {
      const query = parseInput(feedbackQuerySchema, c.req.query());
      checkRange(query.from, query.to);
      const root = await authorizeUnit(deps.units, c.get('apiKey'), 'ratings:read', query.unit);
      const units = await deps.units.subtree(root.id);
      const today = localDay(deps.now());
      const fingerprint = createHash('sha256')
        .update(`${root.id}|${query.from}|${query.to}|${query.status ?? ''}`)
        .digest('base64url')
        .slice(0, 12);
      let start: Position = { unit: 0 };
      if (query.cursor) {
        let body: { q?: unknown; u?: unknown; k?: unknown };
        try {
          body = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as typeof body;
        } catch {
          throw badCursor();
        }
        const index = units.findIndex((unit) => unit.id === body?.u);
        if (body?.q !== fingerprint || index < 0) throw badCursor();
        if (body.k !== undefined && !isCaseIndexKey(body.k, units[index]!.id)) throw badCursor();
        start = { unit: index, key: body.k as Item | undefined };
      }

      if ((c.req.header('accept') ?? '').includes('text/csv')) {
        const encoder = new TextEncoder();
        let position: Position | undefined = start;
        let first = true;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (first) {
              first = false;
              controller.enqueue(encoder.encode(`\uFEFF${csvLine(feedbackColumns)}`));
              return;
            }
            if (!position) {
              controller.close();
              return;
            }
            const page = await readCases(deps.store, units, query, today, position, 500);
            position = page.next;
            const text = page.cases
              .map((view) => {
                const row = rowOf(view);
                return csvLine(
                  feedbackColumns.map((column) =>
                    feedbackTextColumns.has(column) ? csvText(row[column]) : csvId(row[column]),
                  ),
                );
              })
              .join('');
            if (text) controller.enqueue(encoder.encode(text));
          },
        });
        return c.body(body, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="feedback-${root.id}-${query.from}-${query.to}.csv"`,
        });
      }

      const page = await readCases(deps.store, units, query, today, start, query.limit ?? 100);
      const next = page.next;
      return c.json({
        unit: { id: root.id, name: root.name, kind: root.kind },
        from: query.from,
        to: query.to,
        cases: page.cases,
        nextCursor: next
          ? Buffer.from(
              JSON.stringify({
                q: fingerprint,
                u: units[next.unit]!.id,
                ...(next.key ? { k: next.key } : {}),
              }),
            ).toString('base64url')
          : null,
      });
    })
    .post('/:id/answer', limitBody(16 * 1024), async (c) => {
      // A malformed or overlong id names no case: 404 without a read (shared/storage/feedback-cases.ts).
      const id = c.req.param('id');
      const body = parseInput(answerBodySchema, await readJson(c.req.raw));
      const key = c.get('apiKey');
      const current = await getCase(deps.store, id);
      if (!current) {
        requirePermission(key, 'feedback:write');
        throw new NotFoundError({ vi: 'Không có phản ánh này.', en: 'No such feedback case.' });
      }
      const unit = await authorizeUnit(deps.units, key, 'feedback:write', current.unit);
      const now = deps.now();
      // A first answer that would move a final figure is refused (409) by the write itself
      // (shared/storage/final-periods.ts).
      const answered = await answerCase(
        deps.store,
        id,
        {
          text: maskPersonalData(body.answer, { keepPhones: unit.contactNumbers }),
          at: now.toISOString(),
          by: key.id,
        },
        { now, linkTtlDays: deps.config.LINK_TTL_DAYS },
      );
      return c.json(caseView(answered, localDay(now)));
    });
}
