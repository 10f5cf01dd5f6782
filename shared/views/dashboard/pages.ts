/**
 * The dashboard pages (DESIGN §8), the sign-in page and the public ranking, as strings: every value
 * escaped, every text from the texts module, figures shown through the per-method adapters. Figures
 * carry `data-figure` (and ranking rows `data-unit`) so tests compare them with the API's.
 */
import type { Bilingual } from '../../errors';
import type { IndexMethod, MethodResult } from '../../indexes';
import { builtInCatalogs, type Lang } from '../../i18n';
import { qd766DossierMetric } from '../../indexes/qd766-dossier-membership';
import type { SkillsAnswer } from '../../skills/indicators';
import { escapeHtml as e } from '../html';
import { csatView, integrityView, type MetricView, qd766View, rankBasisOf, tt01View } from './adapters';
import { barChart, radarChart, trendChart } from './charts';
import { formatChange, formatCount, formatDate, formatMonth, formatNumber, formatPercent } from './format';
import { dashboardPage, type NavLink } from './layout';
import { type DashboardTexts, dashboardTexts, fill, reasonWords } from './texts';

export const periodKinds = ['month', 'quarter', 'year', 'custom'] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** The page's query as the links and forms carry it on. */
export interface PageQuery {
  lang: Lang;
  period: PeriodKind;
  from: string;
  to: string;
  rank: IndexMethod;
  /** Ranking search: units whose name contains this (accents ignored). */
  find?: string | undefined;
  /** The ranking's page (1 when absent). */
  rpage?: number | undefined;
}

/** A link to `path` keeping the period, the ranking method and the language. */
export function linkTo(path: string, query: PageQuery, extra: Record<string, string> = {}): string {
  // Only what the next page cannot derive (a ranking links 120 units: each byte counts 120 times):
  // a month, quarter or year is found again from its last day; qd766 is the ranking by default.
  const params = new URLSearchParams(
    query.period === 'custom' ? { from: query.from, to: query.to } : { period: query.period, to: query.to },
  );
  if (query.rank !== 'qd766') params.set('rank', query.rank);
  if (query.lang !== 'vi') params.set('lang', query.lang);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return `${path}?${params.toString()}`;
}

const pick = (text: Bilingual, lang: Lang) => text[lang];

export interface Chrome {
  query: PageQuery;
  current: 'overview' | 'feedback' | 'skills' | 'unit';
  formToken: string;
  /** The path of this page, for the language switch. */
  path: string;
}

function chrome(chromeOptions: Chrome, title: string, body: string): string {
  const { query, current } = chromeOptions;
  const t = dashboardTexts[query.lang];
  const nav: NavLink[] = [
    { href: linkTo('/dashboard', query), label: t.overview, current: current === 'overview' },
    { href: linkTo('/dashboard/feedback', query), label: t.feedback, current: current === 'feedback' },
    { href: linkTo('/dashboard/skills', query), label: t.skills, current: current === 'skills' },
  ];
  return dashboardPage({
    lang: query.lang,
    title: `${title} — ${t.dashboard}`,
    body,
    nav,
    otherLanguage: linkTo(chromeOptions.path, { ...query, lang: query.lang === 'vi' ? 'en' : 'vi' }),
    signOut: { action: '/dashboard/sign-out', token: chromeOptions.formToken },
  });
}

export function signInPage(options: { lang: Lang; token: string; minutes: number; error?: boolean }): string {
  const t = dashboardTexts[options.lang];
  const error = options.error ? `<p class="error" role="alert">${e(t.badKey)}</p>` : '';
  const body = `<h1>${e(t.signInTitle)}</h1>${error}<p class="hint">${e(fill(t.signInHelp, { minutes: options.minutes }))}</p><form method="post" action="/dashboard/sign-in${options.lang === 'en' ? '?lang=en' : ''}" class="inline"><input type="hidden" name="token" value="${e(options.token)}"><label for="key">${e(t.apiKey)}<input id="key" name="key" type="password" autocomplete="current-password" required minlength="12" maxlength="200"></label><button class="btn" type="submit">${e(t.signIn)}</button></form>`;
  return dashboardPage({
    lang: options.lang,
    title: t.signInTitle,
    body,
    otherLanguage: options.lang === 'vi' ? '/dashboard/sign-in?lang=en' : '/dashboard/sign-in',
  });
}

function periodPicker(t: DashboardTexts, path: string, query: PageQuery, methods: boolean): string {
  const option = (value: string, label: string, selected: boolean) =>
    `<option value="${e(value)}"${selected ? ' selected' : ''}>${e(label)}</option>`;
  const periods = periodKinds
    .map((kind) =>
      option(
        kind,
        { month: t.periodMonth, quarter: t.periodQuarter, year: t.periodYear, custom: t.periodCustom }[kind],
        kind === query.period,
      ),
    )
    .join('');
  const rank = methods
    ? `<label for="rank">${e(t.rankBy)}<select id="rank" name="rank">${(
        ['qd766', 'csat', 'tt01', 'sipas'] as const
      )
        .map((method) => option(method, t.rankMethod[method], method === query.rank))
        .join('')}</select></label>`
    : `<input type="hidden" name="rank" value="${e(query.rank)}">`;
  return `<form method="get" action="${e(path)}" class="inline" aria-label="${e(t.periodForm)}"><label for="period">${e(t.period)}<select id="period" name="period">${periods}</select></label><label for="from">${e(t.from)}<input id="from" name="from" type="date" value="${e(query.from)}"></label><label for="to">${e(t.to)}<input id="to" name="to" type="date" value="${e(query.to)}"></label>${rank}${query.lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}<button class="btn" type="submit">${e(t.show)}</button></form>`;
}

export interface FiguresView {
  unit: { id: string; name: string; kind: string };
  from: string;
  to: string;
  final: boolean;
  minN: number;
  results: Record<IndexMethod, MethodResult>;
  trend: { period: string; results: Record<IndexMethod, MethodResult> }[];
  /** The period of the same length just before, for the change on every headline figure. */
  previous?: { from: string; to: string; results: Record<IndexMethod, MethodResult> } | undefined;
}

/** "▲ +1,25 điểm so với kỳ trước (…)": the change of one headline figure, or why there is none. */
function changeLine(
  t: DashboardTexts,
  lang: Lang,
  now: number | null,
  before: number | null | undefined,
  previous: FiguresView['previous'],
  unit: 'share' | 'points',
): string {
  if (!previous) return '';
  if (now === null || before === null || before === undefined)
    return `<p class="chg hint">${e(t.noPrevious)}</p>`;
  const delta = unit === 'share' ? (now - before) * 100 : now - before;
  const rounded = Math.round(delta * 100) / 100;
  const arrow =
    rounded > 0 ? '<span class="up">▲</span> ' : rounded < 0 ? '<span class="down">▼</span> ' : '';
  const words = unit === 'share' ? t.percentPoints : t.points;
  const period = fill(t.changeVsPrevious, {
    from: formatDate(previous.from, lang),
    to: formatDate(previous.to, lang),
  });
  return `<p class="chg">${arrow}${e(formatChange(rounded, lang))} ${e(words)} <span class="hint">${e(period)}</span></p>`;
}

/** The indicators a tt01 total leans on that cover too few of the dossiers they are over. */
const TT01_OVER_RETURNED = ['i1', 'i5', 'i6'] as const;

function tt01Card(t: DashboardTexts, lang: Lang, figures: FiguresView): string {
  const tt = tt01View(figures.results.tt01);
  const returned = figures.results.tt01.denominators.dossiersReturned;
  // Circular 01 scores i1, i5, i6 over every dossier returned: figures for under half of them are partial.
  const thin = tt.indicators.filter(
    (indicator) =>
      (TT01_OVER_RETURNED as readonly string[]).includes(indicator.code) &&
      indicator.score !== null &&
      returned > 0 &&
      indicator.n < returned / 2,
  );
  const provisional = tt.provisional || thin.length > 0;
  const previous = figures.previous ? tt01View(figures.previous.results.tt01).total : undefined;
  const notes = [
    ...(tt.provisional
      ? [fill(t.provisional, { missing: tt.missing.map((code) => t.tt01Names[code]).join('; ') })]
      : []),
    ...thin.map((indicator) =>
      fill(t.provisionalCoverage, {
        name: t.tt01Names[indicator.code],
        n: formatCount(indicator.n, lang),
        of: formatCount(returned, lang),
      }),
    ),
  ];
  const grade = tt.grade
    ? ` · ${e(provisional ? t.provisionalEstimate : t.grade)}: <strong>${e(pick(tt.grade, lang))}</strong>`
    : '';
  return `<div class="card"><p>${e(t.tt01Title)}</p><p class="big" data-figure="tt01.total">${e(formatNumber(tt.total, lang, 1))}</p><p>/ 18 ${e(t.points)}${grade}</p>${changeLine(t, lang, tt.total, previous, figures.previous, 'points')}${notes.map((note) => `<p class="warn" data-provisional>${e(note)}</p>`).join('')}</div>`;
}

/**
 * The Decision 766 scorecard: the six groups with their points (a group without figures says so), the
 * 100-point total with its classification only when all six are complete, else the partial total —
 * said to be partial, never graded.
 */
function qd766Card(t: DashboardTexts, lang: Lang, figures: FiguresView): string {
  const qd = qd766View(figures.results.qd766);
  const before = figures.previous ? qd766View(figures.previous.results.qd766) : undefined;
  const groups = qd.groups
    .map((group, index) => {
      if (group.score === null)
        return `<p>${e(pick(group.name, lang))}: <span class="hint" data-figure="qd766.${e(group.code)}.card">${e(t.groupNoData)}</span> (/ ${e(formatNumber(group.maxScore, lang))} ${e(t.points)})</p>`;
      const previous = before ? (before.groups[index]?.score ?? null) : undefined;
      return `<p>${e(pick(group.name, lang))}: <strong data-figure="qd766.${e(group.code)}.card">${e(formatNumber(group.score, lang))}</strong> / ${e(formatNumber(group.maxScore, lang))} ${e(t.points)}</p>${changeLine(t, lang, group.score, previous, figures.previous, 'points')}`;
    })
    .join('');
  const total =
    qd.total !== null
      ? `<p class="big" data-figure="qd766.total">${e(fill(t.total766Whole, { score: formatNumber(qd.total, lang) }))}</p>${qd.classification ? `<p>${e(t.grade766)}: <strong>${e(pick(qd.classification, lang))}</strong></p>` : ''}`
      : `<p class="warn" data-figure="qd766.total" data-partial>${e(fill(t.total766Partial, { score: formatNumber(qd.partial?.score ?? 0, lang), max: formatNumber(qd.partial?.maxScore ?? 0, lang) }))}<br><span class="hint">${e(t.partialNotGraded)}</span></p>`;
  return `<div class="card"><p>${e(t.qd766Title)}</p>${total}${groups}</div>`;
}

function headlineCards(t: DashboardTexts, lang: Lang, figures: FiguresView): string {
  const cs = csatView(figures.results.csat);
  const head = figures.results.csat.denominators;
  const before = figures.previous?.results;
  const satisfiedBefore = before ? csatView(before.csat).satisfied : undefined;
  const rateBefore = before ? before.csat.denominators.responseRate : undefined;
  const interval = cs.interval95
    ? `${formatPercent(cs.interval95.low, lang)} – ${formatPercent(cs.interval95.high, lang)}`
    : '–';
  return `<div class="cards">${qd766Card(t, lang, figures)}${tt01Card(t, lang, figures)}<div class="card"><p>${e(t.satisfied)}</p><p class="big" data-figure="csat.satisfied">${e(formatPercent(cs.satisfied, lang))}</p>${changeLine(t, lang, cs.satisfied, satisfiedBefore, figures.previous, 'share')}<p class="hint">${e(t.interval)}: ${e(interval)}</p></div><div class="card"><p>${e(t.responseRate)}</p><p class="big" data-figure="responseRate">${e(formatPercent(head.responseRate, lang))}</p>${changeLine(t, lang, head.responseRate, rateBefore, figures.previous, 'share')}<p><span data-figure="ratingsReceived">${e(formatCount(head.ratingsReceived, lang))}</span> ${e(t.ratings)} / <span data-figure="dossiersReturned">${e(formatCount(head.dossiersReturned, lang))}</span> ${e(t.returned)}</p></div></div><p class="hint">${e(figures.final ? t.finalYes : t.finalNo)}</p>`;
}

/**
 * The link to the CSV of the dossiers that cost a dossier-level metric its points, when some did (the
 * words from the language catalogs; shared/reports/qd766-dossiers.ts writes the file).
 */
function dossiersCell(
  metric: MetricView,
  lang: Lang,
  link: ((metric: string) => string) | undefined,
): string {
  if (!link || !qd766DossierMetric(metric.code)) return '';
  if (metric.numerator === null || metric.numerator >= metric.denominator) return '';
  const words = builtInCatalogs.find((catalog) => catalog.tag === lang)!.texts.qd766Dossiers.csvLink;
  return `<br><a href="${e(link(metric.code))}" download data-dossiers="${e(metric.code)}">${e(words)}</a>`;
}

/**
 * A numeric `<td>` of the metrics table: its label on a phone comes from the stylesheet (`.qm`, one rule
 * per column and language, shared/views/dashboard/layout.ts), not from every cell.
 */
const cell = (value: string) => `<td class="n">${value}</td>`;

/** A `<td>` with the label the stacked (phone) layout shows before its value (a short table). */
const labelledCell = (label: string, value: string, attributes = '') =>
  `<td data-label="${e(label)}"${attributes}>${value}</td>`;

function figuresSections(
  t: DashboardTexts,
  lang: Lang,
  figures: FiguresView,
  dossiersLink?: (metric: string) => string,
): string {
  const qd = qd766View(figures.results.qd766);
  const tt = tt01View(figures.results.tt01);
  const cs = csatView(figures.results.csat);
  const flags = integrityView(figures.results.qd766);
  const cards = headlineCards(t, lang, figures);

  // Scored metrics as rows, most points lost first; the unscored (N/A) named under the table, once
  // per reason, so 21 metrics keep a 120-commune page within its budget.
  const rows766 = qd.byLost
    .filter((metric) => metric.lost !== null)
    .map(
      (metric) =>
        // One `data-figure` a row (the points lost): the other cells follow it in a fixed order.
        `<tr><th scope="row">${e(pick(metric.name, lang))}<br><span class="hint">${e(pick(metric.group, lang))}</span>${dossiersCell(metric, lang, dossiersLink)}</th>${cell(`<strong data-figure="qd766.${e(metric.code)}.lost">${e(formatNumber(metric.lost, lang))}</strong>`)}${cell(`${e(formatNumber(metric.score, lang))} / ${e(formatNumber(metric.maxScore, lang))}`)}${cell(e(formatPercent(metric.ratio, lang)))}${cell(e(formatCount(metric.numerator, lang)))}${cell(e(formatCount(metric.denominator, lang)))}</tr>`,
    )
    .join('');
  // By reason, each group with how many of its metrics (the names are in the XLSX's metrics sheet).
  const unscored = new Map<string, Map<string, number>>();
  for (const metric of qd.byLost.filter((entry) => entry.lost === null)) {
    const why = metric.note ? pick(metric.note, lang) : t.groupNoData;
    const groups = unscored.get(why) ?? new Map<string, number>();
    groups.set(pick(metric.group, lang), (groups.get(pick(metric.group, lang)) ?? 0) + 1);
    unscored.set(why, groups);
  }
  const missing766 = [...unscored]
    .map(
      ([why, groups]) =>
        `<li>${e([...groups].map(([group, n]) => fill(t.unscoredGroup, { group, n })).join('; '))}: <span class="hint">${e(why)}</span></li>`,
    )
    .join('');
  const missingBlock = missing766 ? `<p>${e(t.unscoredTitle)}</p><ul data-unscored>${missing766}</ul>` : '';
  const table766 = `<h2>${e(t.byLostTitle)}</h2><div class="scroll" tabindex="0" role="region" aria-label="${e(t.byLostTitle)}"><table class="stack qm"><thead><tr><th scope="col">${e(t.metric)}</th><th scope="col" class="n">${e(t.lost)}</th><th scope="col" class="n">${e(t.score)}</th><th scope="col" class="n">${e(t.ratio)}</th><th scope="col" class="n">${e(t.numerator)}</th><th scope="col" class="n">${e(t.denominator)}</th></tr></thead><tbody>${rows766}</tbody></table></div>${missingBlock}`;
  const axes = qd.groups.map((group) => ({
    label: pick(group.name, lang),
    value: group.score !== null && group.maxScore > 0 ? group.score / group.maxScore : null,
  }));
  const radar = radarChart({
    title: t.radarTitle,
    description: axes
      .map((a) => `${a.label}: ${a.value === null ? '–' : Math.round(a.value * 100)}%`)
      .join('; '),
    axes,
  });

  const rowsTt = tt.indicators
    .map(
      (indicator) =>
        `<tr><th scope="row">${e(t.tt01Names[indicator.code])}</th>${labelledCell(`${t.score} (0–2)`, indicator.score === null ? e(t.noData) : e(formatNumber(indicator.score, lang, 1)), ` class="n" data-figure="tt01.${indicator.code}"`)}${labelledCell(t.dossiers, e(formatCount(indicator.n, lang)), ' class="n"')}</tr>`,
    )
    .join('');
  const tableTt = `<h2>${e(t.tt01Title)}</h2><div class="scroll" tabindex="0" role="region" aria-label="${e(t.tt01Title)}"><table class="stack"><thead><tr><th scope="col">${e(t.indicator)}</th><th scope="col" class="n">${e(t.score)} (0–2)</th><th scope="col" class="n">${e(t.dossiers)}</th></tr></thead><tbody>${rowsTt}</tbody></table></div>`;

  const csatBars = barChart({
    title: t.csatTitle,
    description: `${t.veryS} ${cs.distribution[2]}, ${t.s} ${cs.distribution[1]}, ${t.notS} ${cs.distribution[0]}`,
    axes: [
      { label: t.veryS, value: cs.n ? cs.distribution[2] / cs.n : null },
      { label: t.s, value: cs.n ? cs.distribution[1] / cs.n : null },
      { label: t.notS, value: cs.n ? cs.distribution[0] / cs.n : null },
    ],
  });
  const csatBlock = `<h2>${e(t.csatTitle)}</h2><p>${e(t.meanOverall)}: <strong data-figure="csat.meanOverall">${e(formatNumber(cs.meanOverall, lang))}</strong> · ${e(t.veryS)} ${e(formatCount(cs.distribution[2], lang))} · ${e(t.s)} ${e(formatCount(cs.distribution[1], lang))} · ${e(t.notS)} ${e(formatCount(cs.distribution[0], lang))}</p>${csatBars}`;

  const integrity = `<h2>${e(t.integrityTitle)}</h2>${flags.length ? `<ul>${flags.map((flag) => `<li class="warn">${e(pick(flag.reason, lang))}</li>`).join('')}</ul>` : `<p>${e(t.integrityNone)}</p>`}`;

  const labels = figures.trend.map((point) => formatMonth(point.period, lang));
  const trend = `<h2>${e(t.trendTitle)}</h2>${trendChart({
    title: t.trendTitle,
    description: fill(t.trendDesc, {
      from: formatDate(figures.from, lang),
      to: formatDate(figures.to, lang),
    }),
    labels,
    series: [
      {
        name: t.satisfied,
        color: '#0b4f9c',
        values: figures.trend.map((point) => csatView(point.results.csat).satisfied),
      },
      {
        name: t.onTime,
        color: '#8a1c00',
        values: figures.trend.map(
          (point) =>
            qd766View(point.results.qd766).groups.find((group) => group.code === 'progress')?.metrics[0]
              ?.ratio ?? null,
        ),
      },
    ],
  })}`;
  return `${cards}${table766}${radar}${tableTt}${csatBlock}${integrity}${trend}`;
}

export interface RankingRowView {
  rank: number | null;
  unit: { id: string; name: string; kind: string };
  results: Record<IndexMethod, MethodResult>;
  result: MethodResult;
  rankChange: number | null;
  headlineChange: number | null;
}

/** What a unit's "Không hài lòng" ratings said, from the latest ratings read (reasons as codes). */
export interface ReasonSummary {
  /** Ratings read. */
  read: number;
  /** Reason code → ratings "Không hài lòng" giving it, most first. */
  counts: [string, number][];
}

/** How much of what the method counts towards minN a unit has: dossiers received, ratings, respondents. */
export function responsesOf(result: MethodResult): number {
  switch (result.method) {
    case 'qd766':
      return (result as unknown as { dossiers: { received: number } }).dossiers.received;
    case 'csat':
      return csatView(result).n;
    case 'sipas':
      return (result as unknown as { respondents: number }).respondents;
    default:
      return result.denominators.ratingsReceived;
  }
}

function headlineText(result: MethodResult, lang: Lang): string {
  // tt01: points of 18; qd766: the (partial) 100-point total; the others: shares.
  return result.method === 'tt01' || result.method === 'qd766'
    ? formatNumber(result.headline.value, lang, 2)
    : formatPercent(result.headline.value, lang);
}

/**
 * "Tổng điểm QĐ 766 (điểm / 100)": the ranked figure named with its unit; a Decision 766 ranking on
 * a partial total says so, with the points it is out of (`rows`' basis).
 */
const methodColumn = (t: DashboardTexts, method: IndexMethod, rows: RankingRowView[] = []) => {
  const basis = method === 'qd766' && rows[0] ? rankBasisOf(rows[0].result) : null;
  if (basis && !basis.whole)
    return basis.maxScore > 0 ? fill(t.rankPartial766, { max: basis.maxScore }) : t.rankNoCommon766;
  return `${t.rankMethod[method]} (${t.rankUnit[method]})`;
};

/** Under a Decision 766 ranking on a partial total: what it sums. */
const partialHelp = (t: DashboardTexts, method: IndexMethod, rows: RankingRowView[]) => {
  const basis = method === 'qd766' && rows[0] ? rankBasisOf(rows[0].result) : null;
  if (!basis || basis.whole) return '';
  const help = basis.maxScore > 0 ? fill(t.rankPartialHelp, { max: basis.maxScore }) : t.rankNoCommonHelp;
  return `<p class="warn" data-partial-ranking>${e(help)}</p>`;
};

function rankingTable(
  t: DashboardTexts,
  lang: Lang,
  rows: RankingRowView[],
  method: IndexMethod,
  linkFor: ((unit: string) => string) | undefined,
  caption: string,
  minN: number,
): string {
  if (rows.length === 0) return `<p>${e(t.noChildren)}</p>`;
  const column = methodColumn(t, method, rows);
  const noun = t.minNNoun[method];
  // Rows stay short (no group columns): 120 units fit the 60 KB page budget; the groups are on
  // each unit's own page.
  const body = rows
    .map((row) => {
      const change =
        row.rankChange === null
          ? '–'
          : row.rankChange > 0
            ? `<span class="up">▲${row.rankChange}</span>`
            : row.rankChange < 0
              ? `<span class="down">▼${-row.rankChange}</span>`
              : '=';
      const name = linkFor
        ? `<a href="${e(linkFor(row.unit.id))}">${e(row.unit.name)}</a>`
        : e(row.unit.name);
      // Short, as 120 rows must fit the page: the note under the table says what the count is.
      const rank =
        row.rank ??
        `<span class="warn">${e(t.notRanked)}: ${e(formatCount(responsesOf(row.result), lang))}</span>`;
      // The phone's labels of these cells come from the stylesheet (layout.ts), not from each cell.
      return `<tr data-unit="${e(row.unit.id)}"><td data-rank>${rank}</td><th scope="row">${name}</th><td>${e(headlineText(row.result, lang))}</td><td>${change}</td><td>${e(formatPercent(csatView(row.results.csat).satisfied, lang))}</td><td>${e(formatPercent(row.result.denominators.responseRate, lang))}</td><td>${e(formatCount(row.result.denominators.ratingsReceived, lang))}</td></tr>`;
    })
    .join('');
  return `<div class="scroll" tabindex="0" role="region" aria-label="${e(caption)}"><table class="rk stack m-${method}"><caption>${e(caption)} · ${e(t.rankBy)}: ${e(column)}</caption><thead><tr><th scope="col" class="n">${e(t.rank)}</th><th scope="col">${e(t.unit)}</th><th scope="col" class="n">${e(column)}</th><th scope="col" class="n"><abbr title="${e(t.changeRank)}">${e(t.change)}</abbr></th><th scope="col" class="n">${e(t.satisfiedShort)}</th><th scope="col" class="n">${e(t.responseRate)}</th><th scope="col" class="n">${e(t.ratingsCount)}</th></tr></thead><tbody>${body}</tbody></table></div>${partialHelp(t, method, rows)}<p class="hint">${e(fill(t.minNFor, { method: t.rankMethod[method], minN, noun }))}</p>`;
}

/** Text compared without accents or case (đ as d), for the ranking search. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLocaleLowerCase('vi');
}

/** How many of the lowest ranked units the first screen names. */
export const ATTENTION_UNITS = 3;
/** How many units without enough data the first screen names (the ranking lists them all). */
export const LOW_DATA_NAMED = 8;

/** The lowest ranked units (worst last in the ranking) that the attention block names. */
export function worstUnits(rows: RankingRowView[]): RankingRowView[] {
  return rows
    .filter((row) => row.rank !== null)
    .slice(-ATTENTION_UNITS)
    .reverse();
}

/**
 * The first screen's answer to "which units are worst, and why": the lowest ranked units with the
 * reasons of their "Không hài lòng" ratings counted, and the units without enough data named with a
 * warning rather than left out. `reasons` is absent when the reader may not see citizens' answers.
 */
function attentionSection(
  t: DashboardTexts,
  chromeOptions: Chrome,
  rows: RankingRowView[],
  reasons: Map<string, ReasonSummary> | undefined,
  minN: number,
): string {
  if (rows.length === 0) return '';
  const { query } = chromeOptions;
  const lang = query.lang;
  const method = query.rank;
  const noun = t.minNNoun[method];
  const worst = worstUnits(rows);
  const link = (row: RankingRowView) =>
    `<a href="${e(linkTo(`/dashboard/units/${encodeURIComponent(row.unit.id)}`, query))}">${e(row.unit.name)}</a>`;
  const why = (row: RankingRowView) => {
    if (!reasons) return '';
    const summary = reasons.get(row.unit.id);
    // A unit whose ratings are its units' (a district) has none of its own: nothing to summarise.
    if (!summary || summary.read === 0) return '';
    const listed = summary.counts.length
      ? summary.counts
          .map(([code, count]) =>
            fill(t.reasonCount, { reason: reasonWords(code, lang), count: formatCount(count, lang) }),
          )
          .join(' · ')
      : t.reasonsNone;
    return `<br><span class="hint">${e(t.reasonsTitle)} (${e(fill(t.reasonsOf, { n: formatCount(summary.read, lang) }))}): ${e(listed)}</span>`;
  };
  const items = worst.length
    ? `<ol>${worst.map((row) => `<li data-attention="${e(row.unit.id)}">${link(row)}: <strong>${e(headlineText(row.result, lang))}</strong> ${e(methodColumn(t, method, rows))} · ${e(t.rank)} ${row.rank}${why(row)}</li>`).join('')}</ol>`
    : `<p>${e(t.attentionNone)}</p>`;
  // Named here up to a few (the page stays within budget at 120 units); all are in the ranking below.
  const low = rows.filter((row) => row.rank === null);
  const named = low
    .slice(0, LOW_DATA_NAMED)
    .map(
      (row) =>
        `${e(row.unit.name)} (${e(fill(t.belowMinN, { n: formatCount(responsesOf(row.result), lang), noun }))})`,
    );
  if (low.length > LOW_DATA_NAMED) named.push(e(fill(t.lowDataMore, { n: low.length - LOW_DATA_NAMED })));
  const lowBlock = low.length
    ? `<p class="warn">${e(t.lowDataTitle)} (${low.length})</p><p class="hint" data-low-data>${named.join(' · ')}</p>`
    : '';
  const hidden = reasons ? '' : `<p class="hint">${e(t.reasonsHidden)}</p>`;
  return `<section class="attn" aria-labelledby="attn"><h2 id="attn">${e(t.attentionTitle)}</h2><p class="hint">${e(fill(t.attentionHelp, { method: methodColumn(t, method, rows) }))}</p>${items}${hidden}${lowBlock}<p class="hint">${e(fill(t.minNFor, { method: t.rankMethod[method], minN, noun }))}</p></section>`;
}

function rankingSection(
  t: DashboardTexts,
  chromeOptions: Chrome,
  rows: RankingRowView[],
  minN: number,
): string {
  const { query } = chromeOptions;
  const needle = query.find ? foldForSearch(query.find) : '';
  const shown = needle ? rows.filter((row) => foldForSearch(row.unit.name).includes(needle)) : rows;
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${e(value)}">`;
  const search = `<form method="get" action="${e(chromeOptions.path)}" class="inline" role="search" aria-label="${e(t.searchUnit)}">${hidden('period', query.period)}${hidden('from', query.from)}${hidden('to', query.to)}${hidden('rank', query.rank)}${query.lang === 'en' ? hidden('lang', 'en') : ''}<label for="find">${e(t.searchUnit)}<input id="find" name="find" type="search" maxlength="60" value="${e(query.find ?? '')}"></label><button class="btn" type="submit">${e(t.filter)}</button></form>`;
  // A page of the ranking at a time: 200 units on one page would break the page budget (DESIGN §7);
  // the units needing attention are named above it whatever the page.
  const pages = Math.max(1, Math.ceil(shown.length / RANKING_PAGE_ROWS));
  const page = Math.min(query.rpage ?? 1, pages);
  const pageRows = shown.slice((page - 1) * RANKING_PAGE_ROWS, page * RANKING_PAGE_ROWS);
  const nav = pager(t, page, pages, (n) =>
    linkTo(chromeOptions.path, query, { ...(query.find ? { find: query.find } : {}), rpage: String(n) }),
  );
  return `<h2>${e(t.childrenTitle)}</h2>${search}${rankingTable(t, query.lang, pageRows, query.rank, (id) => linkTo(`/dashboard/units/${encodeURIComponent(id)}`, query), t.childrenTitle, minN)}${nav}`;
}

/** Rows of the ranking a dashboard page shows at once. */
export const RANKING_PAGE_ROWS = 60;

export interface CommentView {
  returnedDay: string;
  /** The procedure's name (its code only when the catalogue lacks it). */
  procedure: string;
  overall: number;
  reason?: string | undefined;
  comment: string;
}

export const caseStatusFilters = ['active', 'open', 'overdue', 'answered', 'closed'] as const;
export type CaseStatusFilter = (typeof caseStatusFilters)[number];

export interface CaseView {
  id: string;
  unitName: string;
  dossierCode?: string | undefined;
  procedure?: string | undefined;
  /** Local days. */
  openedAt: string;
  dueAt: string;
  overdue: boolean;
  status?: 'open' | 'overdue' | 'answered' | 'closed' | undefined;
  triggers?: string[] | undefined;
  reason?: string | undefined;
  comment?: string | undefined;
  answers?: { text: string; at: string }[] | undefined;
}

/** "Trang 2 / 5" with the links before and after, keeping the page's other parameters. */
function pager(t: DashboardTexts, page: number, pages: number, hrefOf: (page: number) => string): string {
  if (pages <= 1) return '';
  const previous = page > 1 ? `<a href="${e(hrefOf(page - 1))}" rel="prev">${e(t.previousPage)}</a>` : '';
  const next = page < pages ? `<a href="${e(hrefOf(page + 1))}" rel="next">${e(t.nextPage)}</a>` : '';
  return `<nav class="pager" aria-label="${e(t.pagination)}">${previous}<span>${e(fill(t.pageOf, { page, pages }))}</span>${next}</nav>`;
}

function caseCard(t: DashboardTexts, item: CaseView, formToken: string, lang: Lang): string {
  const status = item.status ?? (item.overdue ? 'overdue' : 'open');
  const row = (label: string, value: string | undefined, attributes = '') =>
    value ? `<dt>${e(label)}</dt><dd${attributes}>${value}</dd>` : '';
  const triggers = item.triggers?.length
    ? item.triggers
        .map((trigger) => e(t.trigger[trigger as keyof DashboardTexts['trigger']] ?? t.caseTrigger))
        .join('; ')
    : undefined;
  const answers = item.answers?.length
    ? `<p>${e(t.caseAnswers)}:</p>${item.answers.map((answer) => `<blockquote><p>${e(answer.text)}</p><p class="hint">${e(formatDate(answer.at, lang))}</p></blockquote>`).join('')}`
    : '';
  const open = status === 'open' || status === 'overdue';
  const form = open
    ? `<form method="post" action="/dashboard/feedback/${encodeURIComponent(item.id)}/answer${lang === 'en' ? '?lang=en' : ''}"><input type="hidden" name="token" value="${e(formToken)}"><label for="answer-${e(item.id)}">${e(t.caseAnswer)}</label><textarea id="answer-${e(item.id)}" name="answer" maxlength="2000" required></textarea><button class="btn" type="submit">${e(t.sendAnswer)}</button></form>`
    : '';
  const statusWords = `${e(t.caseStatus[status])}`;
  return `<article class="case" aria-labelledby="case-${e(item.id)}" data-case><h3 id="case-${e(item.id)}">${e(item.unitName)} · ${e(t.caseDue)} ${e(formatDate(item.dueAt, lang))}${status === 'overdue' ? ` <span class="warn">${e(t.caseOverdue)}</span>` : ''}</h3><dl>${row(t.caseStatusLabel, statusWords)}${row(t.caseDossier, item.dossierCode ? e(item.dossierCode) : undefined)}${row(t.caseProcedure, item.procedure ? e(item.procedure) : undefined)}${row(t.caseOpened, e(formatDate(item.openedAt, lang)))}${row(t.caseTrigger, triggers)}${row(t.caseUnit, e(item.unitName))}${row(t.caseReason, item.reason ? e(reasonWords(item.reason, lang)) : undefined)}</dl>${item.comment ? `<blockquote>${e(item.comment)}</blockquote>` : ''}${answers}${form}</article>`;
}

function casesSection(
  t: DashboardTexts,
  cases: CaseView[] | undefined,
  formToken: string,
  lang: Lang,
): string {
  if (cases === undefined) return `<p>${e(t.casesUnavailable)}</p>`;
  if (cases.length === 0) return `<p>${e(t.casesNone)}</p>`;
  return cases.map((item) => caseCard(t, item, formToken, lang)).join('');
}

/**
 * The page's downloads: the XLSX report, the ratings CSV, and per dossier-level 766 metric the CSV of
 * the dossiers that cost its points (absent for a period over a year, which the listing refuses).
 */
export interface PageLinks {
  xlsx: string;
  csv?: string | undefined;
  qd766Dossiers?: ((metric: string) => string) | undefined;
}

function reportButtons(t: DashboardTexts, links: PageLinks): string {
  return `<div class="actions"><a class="btn" href="${e(links.xlsx)}" download>${e(t.downloadXlsx)}</a>${links.csv ? `<a class="btn" href="${e(links.csv)}" download>${e(t.downloadCsv)}</a>` : ''}</div>`;
}

const periodLine = (figures: FiguresView, lang: Lang) =>
  `${formatDate(figures.from, lang)} – ${formatDate(figures.to, lang)}`;

export function overviewPage(
  chromeOptions: Chrome,
  figures: FiguresView,
  ranking: RankingRowView[],
  links: PageLinks,
  reasons?: Map<string, ReasonSummary> | undefined,
): string {
  const { query } = chromeOptions;
  const t = dashboardTexts[query.lang];
  const body = `<h1>${e(figures.unit.name)}</h1><p class="hint">${e(fill(t.signedInAs, { unit: figures.unit.name }))} · ${e(periodLine(figures, query.lang))}</p>${attentionSection(t, chromeOptions, ranking, reasons, figures.minN)}${periodPicker(t, chromeOptions.path, query, true)}${reportButtons(t, links)}${figuresSections(t, query.lang, figures, links.qd766Dossiers)}${rankingSection(t, chromeOptions, ranking, figures.minN)}`;
  return chrome(chromeOptions, figures.unit.name, body);
}

export interface CommentsView {
  shown: CommentView[];
  read: number;
  /** Comments matching the filter among those read; the page shows `shown` of them. */
  matching: number;
  page: number;
  pages: number;
  filter: { overall?: string | undefined; q?: string | undefined };
}

function commentsSection(t: DashboardTexts, chromeOptions: Chrome, comments: CommentsView): string {
  const { query } = chromeOptions;
  const lang = query.lang;
  const scores = [
    ['', t.filterAll],
    ['2', t.veryS],
    ['1', t.s],
    ['0', t.notS],
  ];
  const filter = `<form method="get" action="${e(chromeOptions.path)}" class="inline" aria-label="${e(t.filter)}"><input type="hidden" name="period" value="${e(query.period)}"><input type="hidden" name="from" value="${e(query.from)}"><input type="hidden" name="to" value="${e(query.to)}"><input type="hidden" name="rank" value="${e(query.rank)}">${query.lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}<label for="overall">${e(t.csatTitle)}<select id="overall" name="overall">${scores.map(([value, label]) => `<option value="${value}"${(comments.filter.overall ?? '') === value ? ' selected' : ''}>${e(label)}</option>`).join('')}</select></label><label for="q">${e(t.filterText)}<input id="q" name="q" type="search" maxlength="100" value="${e(comments.filter.q ?? '')}"></label><button class="btn" type="submit">${e(t.filter)}</button></form>`;
  const list = comments.shown.length
    ? comments.shown
        .map(
          (comment) =>
            `<blockquote data-comment><p>${e(comment.comment)}</p><p class="hint">${e(formatDate(comment.returnedDay, lang))} · ${e(comment.procedure)} · ${e([t.notS, t.s, t.veryS][comment.overall] ?? '')}${comment.reason ? ` · ${e(reasonWords(comment.reason, lang))}` : ''}</p></blockquote>`,
        )
        .join('')
    : `<p>${e(t.commentsNone)}</p>`;
  const extra: Record<string, string> = {};
  if (comments.filter.overall) extra.overall = comments.filter.overall;
  if (comments.filter.q) extra.q = comments.filter.q;
  const pages = pager(t, comments.page, comments.pages, (page) =>
    linkTo(chromeOptions.path, query, { ...extra, cpage: String(page) }),
  );
  return `<h2 id="comments">${e(t.commentsTitle)}</h2>${filter}<p class="hint">${e(fill(t.commentsShown, { shown: comments.matching, read: comments.read }))}</p>${list}${pages}`;
}

export function unitPage(
  chromeOptions: Chrome,
  figures: FiguresView,
  ranking: RankingRowView[],
  links: PageLinks,
  comments: CommentsView | undefined,
  cases: CaseView[] | undefined,
  extras: {
    /** The unit above, within the key's scope; id '' is the key's own unit (its page is /dashboard). */
    parent?: { id: string; name: string } | undefined;
    reasons?: Map<string, ReasonSummary> | undefined;
  } = {},
): string {
  const { query } = chromeOptions;
  const t = dashboardTexts[query.lang];
  const up = extras.parent
    ? `<p><a href="${e(extras.parent.id === '' ? linkTo('/dashboard', query) : linkTo(`/dashboard/units/${encodeURIComponent(extras.parent.id)}`, query))}" data-parent>↑ ${e(fill(t.parentLink, { unit: extras.parent.name }))}</a></p>`
    : '';
  const body = `${up}<h1>${e(figures.unit.name)}</h1><p class="hint">${e(periodLine(figures, query.lang))}</p>${ranking.length ? attentionSection(t, chromeOptions, ranking, extras.reasons, figures.minN) : ''}${periodPicker(t, chromeOptions.path, query, true)}${reportButtons(t, links)}${figuresSections(t, query.lang, figures, links.qd766Dossiers)}${ranking.length ? rankingSection(t, chromeOptions, ranking, figures.minN) : ''}${comments ? commentsSection(t, chromeOptions, comments) : ''}<h2>${e(t.casesTitle)}</h2>${casesSection(t, cases, chromeOptions.formToken, query.lang)}`;
  return chrome(chromeOptions, figures.unit.name, body);
}

export interface CasesPageView {
  cases: CaseView[] | undefined;
  /** Units of the reader's scope that the unit filter offers. */
  units: { id: string; name: string }[];
  filter: { unit?: string | undefined; status: CaseStatusFilter };
  page: number;
  /** True when another page follows. */
  more: boolean;
}

export function feedbackPage(
  chromeOptions: Chrome,
  scopeName: string,
  view: CasesPageView | CaseView[] | undefined,
  notice?: string,
): string {
  const { query } = chromeOptions;
  const t = dashboardTexts[query.lang];
  const cases: CasesPageView =
    view === undefined || Array.isArray(view)
      ? { cases: view, units: [], filter: { status: 'active' }, page: 1, more: false }
      : view;
  const option = (value: string, label: string, selected: boolean) =>
    `<option value="${e(value)}"${selected ? ' selected' : ''}>${e(label)}</option>`;
  const unitSelect = cases.units.length
    ? `<label for="cunit">${e(t.caseUnit)}<select id="cunit" name="unit">${option('', t.allUnits, !cases.filter.unit)}${cases.units.map((unit) => option(unit.id, unit.name, unit.id === cases.filter.unit)).join('')}</select></label>`
    : '';
  const filter = `<form method="get" action="/dashboard/feedback" class="inline" aria-label="${e(t.caseFilter)}">${query.lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}${unitSelect}<label for="cstatus">${e(t.caseStatusLabel)}<select id="cstatus" name="status">${caseStatusFilters.map((status) => option(status, t.caseStatus[status], status === cases.filter.status)).join('')}</select></label><button class="btn" type="submit">${e(t.filter)}</button></form>`;
  const hrefOf = (page: number) => {
    const params = new URLSearchParams({ status: cases.filter.status, page: String(page) });
    if (cases.filter.unit) params.set('unit', cases.filter.unit);
    if (query.lang !== 'vi') params.set('lang', query.lang);
    return `/dashboard/feedback?${params.toString()}`;
  };
  const pages = pager(t, cases.page, cases.more ? cases.page + 1 : cases.page, hrefOf);
  const count = cases.cases?.length
    ? `<p class="hint">${e(fill(t.caseCount, { shown: cases.cases.length }))}</p>`
    : '';
  const title = t.caseStatus[cases.filter.status];
  const body = `<h1>${e(t.feedback)}</h1><p class="hint">${e(fill(t.signedInAs, { unit: scopeName }))} · ${e(title)}</p>${notice ? `<p role="status">${e(notice)}</p>` : ''}${filter}${count}${casesSection(t, cases.cases, chromeOptions.formToken, query.lang)}${pages}`;
  return chrome(chromeOptions, t.feedback, body);
}

export interface CommuneSkills {
  unit: { id: string; name: string };
  plan146: SkillsAnswer;
  dsi: SkillsAnswer;
}

/** What the skills page shows (shared/skills/overview.ts `SkillsOverview`). */
export interface SkillsPageData {
  /** The scope's plan146, all its communes as strata. */
  plan146: SkillsAnswer;
  /** The scope's figure against each target of Decision 146 (70% in 2025, 90% in 2030). */
  targets: { year: number; share: number; met: boolean; gapPoints: number | null }[];
  /** The communes, in the order given (worst first). */
  communes: CommuneSkills[];
  sort: 'plan146-ascending';
}

/**
 * The skills page: the scope's plan146 against the targets, how the rows are sorted, then one row per
 * commune in the overview's order (worst first); a share and its interval in one cell.
 */
export function skillsPage(chromeOptions: Chrome, scopeName: string, overview: SkillsPageData): string {
  const { query } = chromeOptions;
  const lang = query.lang;
  const t = dashboardTexts[lang];
  const { communes } = overview;
  const intervalOf = (answer: SkillsAnswer) =>
    answer.overall.interval
      ? `${e(t.interval)}: ${e(formatPercent(answer.overall.interval.low, lang))} – ${e(formatPercent(answer.overall.interval.high, lang))}`
      : '';
  const shareCell = (answer: SkillsAnswer, key: string) => {
    const overall = answer.overall;
    const below = overall.share !== null && overall.share < 0.7;
    const interval = overall.interval ? `<br><span class="hint">${intervalOf(answer)}</span>` : '';
    return `<td class="n${below ? ' warn' : ''}"><span data-figure="${e(key)}">${e(formatPercent(overall.share, lang))}</span>${below ? ` <span class="hint">(${e(t.skillsBelowTarget)})</span>` : ''}${interval}</td>`;
  };
  const scopeInterval = intervalOf(overview.plan146);
  const scopeCard = `<div class="card"><p>${e(t.plan146)}</p><p class="big" data-figure="plan146.scope">${e(formatPercent(overview.plan146.overall.share, lang))}</p><p>${e(fill(t.skillsScope, { unit: scopeName }))}</p>${scopeInterval ? `<p class="hint">${scopeInterval}</p>` : ''}<p class="hint">${e(t.respondents)}: ${e(formatCount(overview.plan146.overall.respondents, lang))}</p></div>`;
  const targetCards = overview.targets
    .map((target) => {
      const status =
        target.gapPoints === null
          ? `<p class="hint">${e(t.skillsTargetNoData)}</p>`
          : target.met
            ? `<p class="up">${e(t.skillsTargetMet)}</p>`
            : `<p class="warn">${e(fill(t.skillsTargetGap, { points: formatNumber(target.gapPoints, lang, 1) }))}</p>`;
      return `<div class="card" data-target="${target.year}"><p>${e(fill(t.skillsTargetYear, { year: String(target.year) }))}</p><p class="big">${e(formatPercent(target.share, lang))}</p>${status}</div>`;
    })
    .join('');
  const sortWords = { 'plan146-ascending': t.skillsSortPlan146 }[overview.sort];
  const rows = communes
    .map(
      (commune) =>
        `<tr data-unit="${e(commune.unit.id)}"><th scope="row">${e(commune.unit.name)}</th>${shareCell(commune.plan146, `plan146.${commune.unit.id}`)}${shareCell(commune.dsi, `dsi.${commune.unit.id}`)}<td class="n">${e(formatCount(commune.plan146.overall.respondents, lang))}</td><td>${e(commune.plan146.weighting === 'post-stratified' ? t.postStratified : t.sampleShares)}</td></tr>`,
    )
    .join('');
  const bars = barChart({
    title: t.plan146,
    description: t.skillsTargets,
    axes: communes
      .slice(0, 40)
      .map((commune) => ({ label: commune.unit.name, value: commune.plan146.overall.share })),
  });
  const body = `<h1>${e(t.skillsTitle)}</h1><p class="hint">${e(scopeName)} · ${e(formatDate(query.from, lang))} – ${e(formatDate(query.to, lang))} · ${e(t.skillsTargets)}</p>${periodPicker(t, chromeOptions.path, query, false)}<div class="cards">${scopeCard}${targetCards}</div><p class="hint" data-sort="${e(overview.sort)}">${e(sortWords)}</p><div class="scroll" tabindex="0" role="region" aria-label="${e(t.skillsTitle)}"><table class="stack sk"><thead><tr><th scope="col">${e(t.commune)}</th><th scope="col" class="n">${e(t.plan146)}</th><th scope="col" class="n">${e(t.dsi)}</th><th scope="col" class="n">${e(t.respondents)}</th><th scope="col">${e(t.weighting)}</th></tr></thead><tbody>${rows}</tbody></table></div>${bars}`;
  return chrome(chromeOptions, t.skillsTitle, body);
}

/**
 * `/public`: the province's units ranked by the satisfied share (CSAT), as its title says, with the
 * method, the period and the method's explanation on the page; no comment, no reason.
 */
export function publicPage(options: {
  lang: Lang;
  province: { name: string };
  from: string;
  to: string;
  minN: number;
  ranking: RankingRowView[];
}): string {
  const { lang } = options;
  const t = dashboardTexts[lang];
  const what = fill(t.publicWhat, {
    province: options.province.name,
    from: formatDate(options.from, lang),
    to: formatDate(options.to, lang),
  });
  const method = `<h2 id="method">${e(t.publicMethodTitle)}</h2><p>${e(fill(t.publicMethodText, { minN: options.minN }))}</p><p class="hint">${e(t.publicHelp)}</p>`;
  const body = `<h1>${e(t.publicTitle)} — ${e(options.province.name)}</h1><p>${e(what)} <a href="#method">${e(t.publicMethodLink)}</a></p>${rankingTable(t, lang, options.ranking, 'csat', undefined, options.province.name, options.minN)}${method}`;
  return dashboardPage({
    lang,
    title: `${t.publicTitle} — ${options.province.name}`,
    body,
    otherLanguage: lang === 'vi' ? '/public?lang=en' : '/public',
  });
}
