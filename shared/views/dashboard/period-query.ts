/** The period a dashboard page (or the public ranking) shows, from its query. */
import * as z from 'zod/mini';
import { checkRange } from '../../date-range';
import { localDaySchema } from '../../http/aggregate-queries';
import { pickLang } from '../../i18n';
import { indexMethods } from '../../indexes';
import { addDays, type LocalDay } from '../../time';
import { unitIdSchema } from '../../storage/units';
import { parseInput } from '../../validation';
import { type CaseStatusFilter, caseStatusFilters, type PageQuery, periodKinds } from './pages';

const pageQuerySchema = z.object({
  period: z.optional(z.enum(periodKinds)),
  from: z.optional(localDaySchema),
  to: z.optional(localDaySchema),
  rank: z.optional(z.enum(indexMethods)),
  lang: z.optional(z.string().check(z.maxLength(5))),
  overall: z.optional(z.enum(['', '0', '1', '2'])),
  q: z.optional(z.string().check(z.maxLength(100))),
  find: z.optional(z.string().check(z.maxLength(60))),
  /** The comments' page, and the feedback cases' page, status and unit. */
  cpage: z.optional(z.string().check(z.regex(/^[1-9]\d{0,2}$/))),
  page: z.optional(z.string().check(z.regex(/^[1-9]\d{0,2}$/))),
  /** The ranking's page (a province of 200 units keeps its pages within DESIGN §7's 60 KB). */
  rpage: z.optional(z.string().check(z.regex(/^[1-9]\d{0,2}$/))),
  status: z.optional(z.enum(caseStatusFilters)),
  unit: z.optional(unitIdSchema),
});

const quarterStart = (day: LocalDay) =>
  `${day.slice(0, 4)}-${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;

/** The period of a page: month, quarter or year up to `to` (today by default), or a custom range. */
export function resolvePeriod(
  raw: Record<string, string>,
  today: LocalDay,
): PageQuery & {
  overall?: string | undefined;
  q?: string | undefined;
  cpage: number;
  page: number;
  status: CaseStatusFilter;
  unit?: string | undefined;
} {
  const query = parseInput(pageQuerySchema, raw);
  const to = query.to ?? today;
  const period = query.period ?? (query.from ? 'custom' : 'year');
  const from =
    period === 'month'
      ? `${to.slice(0, 7)}-01`
      : period === 'quarter'
        ? quarterStart(to)
        : period === 'year'
          ? `${to.slice(0, 4)}-01-01`
          : (query.from ?? addDays(to, -89));
  checkRange(from, to);
  return {
    lang: pickLang(query.lang),
    period,
    from,
    to,
    rank: query.rank ?? 'qd766',
    find: query.find?.trim() || undefined,
    rpage: Number(query.rpage ?? 1),
    overall: query.overall,
    q: query.q,
    cpage: Number(query.cpage ?? 1),
    page: Number(query.page ?? 1),
    status: query.status ?? 'active',
    unit: query.unit,
  };
}
