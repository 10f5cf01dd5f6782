/**
 * The dashboard pages (DESIGN §8), the sign-in page and the public ranking, as strings: every value
 * escaped, every text from the texts module, figures shown through the per-method adapters. Figures
 * carry `data-figure` (and ranking rows `data-unit`) so tests compare them with the API's.
 */
import type { Bilingual } from '../../errors';
import type { IndexMethod, MethodResult } from '../../indexes';
import type { Lang } from '../../i18n';
import type { SkillsAnswer } from '../../skills/indicators';
import { escapeHtml as e } from '../html';
import { csatView, integrityView, qd766View, tt01View } from './adapters';
import { barChart, radarChart, trendChart } from './charts';
import { formatCount, formatNumber, formatPercent } from './format';
import { dashboardPage, type NavLink } from './layout';
import { type DashboardTexts, dashboardTexts, fill } from './texts';

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
}

/** A link to `path` keeping the period, the ranking method and the language. */
export function linkTo(path: string, query: PageQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    period: query.period,
    from: query.from,
    to: query.to,
    rank: query.rank,
  });
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
        .map((method) => option(method, method, method === query.rank))
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
}

function figuresSections(t: DashboardTexts, lang: Lang, figures: FiguresView): string {
  const qd = qd766View(figures.results.qd766);
  const tt = tt01View(figures.results.tt01);
  const cs = csatView(figures.results.csat);
  const flags = integrityView(figures.results.qd766);
  const head = figures.results.csat.denominators;
  const cards = `<div class="cards"><div class="card"><p>${e(t.total766)}</p><p class="big" data-figure="qd766.total">${e(formatNumber(qd.score, lang))}</p><p>/ ${e(formatNumber(qd.maxScore, lang))}${qd.classification ? ` · ${e(t.classification)}: <strong>${e(pick(qd.classification, lang))}</strong>` : ''}</p></div><div class="card"><p>${e(t.tt01Title)}</p><p class="big" data-figure="tt01.total">${e(formatNumber(tt.total, lang, 1))}</p><p>/ 18${tt.grade ? ` · ${e(t.grade)}: <strong>${e(pick(tt.grade, lang))}</strong>` : ''}</p>${tt.provisional ? `<p class="warn">${e(fill(t.provisional, { missing: tt.missing.join(', ') }))}</p>` : ''}</div><div class="card"><p>${e(t.satisfied)}</p><p class="big" data-figure="csat.satisfied">${e(formatPercent(cs.satisfied, lang))}</p><p class="hint">${e(t.interval)}: ${cs.interval95 ? `${e(formatPercent(cs.interval95.low, lang))} – ${e(formatPercent(cs.interval95.high, lang))}` : '–'}</p></div><div class="card"><p>${e(t.responseRate)}</p><p class="big" data-figure="responseRate">${e(formatPercent(head.responseRate, lang))}</p><p><span data-figure="ratingsReceived">${e(formatCount(head.ratingsReceived, lang))}</span> ${e(t.ratings)} / <span data-figure="dossiersReturned">${e(formatCount(head.dossiersReturned, lang))}</span> ${e(t.returned)}</p></div></div><p class="hint">${e(figures.final ? t.finalYes : t.finalNo)} ${e(fill(t.minN, { minN: figures.minN }))}</p>`;

  const rows766 = qd.groups
    .flatMap((group) =>
      group.metrics.map(
        (metric, index) =>
          `<tr>${index === 0 ? `<th scope="rowgroup" rowspan="${group.metrics.length}">${e(pick(group.name, lang))}<br><span class="hint" data-figure="qd766.${e(group.code)}.group">${e(formatNumber(group.score, lang))} / ${e(formatNumber(group.maxScore, lang))}</span></th>` : ''}<td>${e(pick(metric.name, lang))}<br><span class="hint">${e(metric.code)}</span></td><td class="n" data-figure="qd766.${e(metric.code)}.numerator">${e(formatCount(metric.numerator, lang))}</td><td class="n" data-figure="qd766.${e(metric.code)}.denominator">${e(formatCount(metric.denominator, lang))}</td><td class="n" data-figure="qd766.${e(metric.code)}.ratio">${e(formatPercent(metric.ratio, lang))}</td><td class="n">${metric.interval95 ? `${e(formatPercent(metric.interval95.low, lang))} – ${e(formatPercent(metric.interval95.high, lang))}` : '–'}</td><td class="n" data-figure="qd766.${e(metric.code)}.score">${e(formatNumber(metric.score, lang))}</td><td class="n">${e(formatNumber(metric.maxScore, lang))}</td></tr>`,
      ),
    )
    .join('');
  const table766 = `<h2>${e(t.qd766Title)}</h2><div class="scroll" tabindex="0" role="region" aria-label="${e(t.qd766Title)}"><table><thead><tr><th scope="col">${e(t.group)}</th><th scope="col">${e(t.metric)}</th><th scope="col" class="n">${e(t.numerator)}</th><th scope="col" class="n">${e(t.denominator)}</th><th scope="col" class="n">${e(t.ratio)}</th><th scope="col" class="n">${e(t.interval)}</th><th scope="col" class="n">${e(t.score)}</th><th scope="col" class="n">${e(t.maxScore)}</th></tr></thead><tbody>${rows766}</tbody></table></div>`;
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
        `<tr><th scope="row">${e(indicator.code)}</th><td class="n" data-figure="tt01.${indicator.code}">${indicator.score === null ? e(t.noData) : e(formatNumber(indicator.score, lang, 1))}</td><td class="n">${e(formatCount(indicator.n, lang))}</td></tr>`,
    )
    .join('');
  const tableTt = `<h2>${e(t.tt01Title)}</h2><div class="scroll" tabindex="0" role="region" aria-label="${e(t.tt01Title)}"><table><thead><tr><th scope="col">${e(t.indicator)}</th><th scope="col" class="n">${e(t.score)} (0–2)</th><th scope="col" class="n">${e(t.dossiers)}</th></tr></thead><tbody>${rowsTt}</tbody></table></div>`;

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

  const integrity = `<h2>${e(t.integrityTitle)}</h2>${flags.length ? `<ul>${flags.map((flag) => `<li class="warn">${e(flag.code)}: ${e(pick(flag.reason, lang))}</li>`).join('')}</ul>` : `<p>${e(t.integrityNone)}</p>`}`;

  const labels = figures.trend.map((point) => point.period);
  const trend = `<h2>${e(t.trendTitle)}</h2>${trendChart({
    title: t.trendTitle,
    description: fill(t.trendDesc, { from: figures.from, to: figures.to }),
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
          (point) => qd766View(point.results.qd766).groups[0]?.metrics[0]?.ratio ?? null,
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

function headlineText(result: MethodResult, lang: Lang): string {
  // tt01: points of 18; qd766: the progress group's points of 20; the others: shares.
  return result.method === 'tt01' || result.method === 'qd766'
    ? formatNumber(result.headline.value, lang, 2)
    : formatPercent(result.headline.value, lang);
}

function rankingTable(
  t: DashboardTexts,
  lang: Lang,
  rows: RankingRowView[],
  method: IndexMethod,
  linkFor: ((unit: string) => string) | undefined,
  caption: string,
): string {
  if (rows.length === 0) return `<p>${e(t.noChildren)}</p>`;
  // Rows stay short (no per-cell classes, no group columns): 120 units fit the 60 KB page budget
  // whatever the number of Decision 766 groups; the groups are on each unit's own page.
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
      return `<tr data-unit="${e(row.unit.id)}"><td data-rank>${row.rank ?? `<span class="hint">${e(t.notRanked)}</span>`}</td><th scope="row">${name}</th><td>${e(headlineText(row.result, lang))}</td><td>${change}</td><td>${e(formatPercent(csatView(row.results.csat).satisfied, lang))}</td><td>${e(formatPercent(row.result.denominators.responseRate, lang))}</td><td>${e(formatCount(row.result.denominators.ratingsReceived, lang))}</td></tr>`;
    })
    .join('');
  return `<div class="scroll" tabindex="0" role="region" aria-label="${e(caption)}"><table class="rk"><caption>${e(caption)} · ${e(t.rankBy)} ${e(method)}</caption><thead><tr><th scope="col" class="n">${e(t.rank)}</th><th scope="col">${e(t.unit)}</th><th scope="col" class="n">${e(method)}</th><th scope="col" class="n">${e(t.change)}</th><th scope="col" class="n">CSAT</th><th scope="col" class="n">${e(t.responseRate)}</th><th scope="col" class="n">${e(t.ratings)}</th></tr></thead><tbody>${body}</tbody></table></div>`;
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

function rankingSection(t: DashboardTexts, chromeOptions: Chrome, rows: RankingRowView[]): string {
  const { query } = chromeOptions;
  const needle = query.find ? foldForSearch(query.find) : '';
  const shown = needle ? rows.filter((row) => foldForSearch(row.unit.name).includes(needle)) : rows;
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${e(value)}">`;
  const search = `<form method="get" action="${e(chromeOptions.path)}" class="inline" role="search" aria-label="${e(t.searchUnit)}">${hidden('period', query.period)}${hidden('from', query.from)}${hidden('to', query.to)}${hidden('rank', query.rank)}${query.lang === 'en' ? hidden('lang', 'en') : ''}<label for="find">${e(t.searchUnit)}<input id="find" name="find" type="search" maxlength="60" value="${e(query.find ?? '')}"></label><button class="btn" type="submit">${e(t.filter)}</button></form>`;
  return `<h2>${e(t.childrenTitle)}</h2>${search}${rankingTable(t, query.lang, shown, query.rank, (id) => linkTo(`/dashboard/units/${encodeURIComponent(id)}`, query), t.childrenTitle)}`;
}

export interface CommentView {
  returnedDay: string;
  procedure: string;
  overall: number;
  reason?: string | undefined;
  comment: string;
}

export interface CaseView {
  id: string;
  unitName: string;
  openedAt: string;
  dueAt: string;
  overdue: boolean;
  reason?: string | undefined;
  comment?: string | undefined;
}

function casesSection(
  t: DashboardTexts,
  cases: CaseView[] | undefined,
  formToken: string,
  lang: Lang,
): string {
  if (cases === undefined) return `<p>${e(t.casesUnavailable)}</p>`;
  if (cases.length === 0) return `<p>${e(t.casesNone)}</p>`;
  return cases
    .map(
      (item) =>
        `<article aria-labelledby="case-${e(item.id)}"><h3 id="case-${e(item.id)}">${e(item.unitName)} · ${e(t.caseDue)} ${e(item.dueAt)}${item.overdue ? ` <span class="warn">${e(t.caseOverdue)}</span>` : ''}</h3>${item.reason ? `<p>${e(t.caseReason)}: ${e(item.reason)}</p>` : ''}${item.comment ? `<blockquote>${e(item.comment)}</blockquote>` : ''}<form method="post" action="/dashboard/feedback/${encodeURIComponent(item.id)}/answer${lang === 'en' ? '?lang=en' : ''}"><input type="hidden" name="token" value="${e(formToken)}"><label for="answer-${e(item.id)}">${e(t.caseAnswer)}</label><textarea id="answer-${e(item.id)}" name="answer" maxlength="2000" required></textarea><button class="btn" type="submit">${e(t.sendAnswer)}</button></form></article>`,
    )
    .join('');
}

export function overviewPage(
  chromeOptions: Chrome,
  figures: FiguresView,
  ranking: RankingRowView[],
  links: { xlsx: string; csv?: string | undefined },
): string {
  const { query } = chromeOptions;
  const t = dashboardTexts[query.lang];
  const body = `<h1>${e(figures.unit.name)}</h1><p class="hint">${e(fill(t.signedInAs, { unit: figures.unit.name }))} · ${e(figures.from)} – ${e(figures.to)}</p>${periodPicker(t, chromeOptions.path, query, true)}<div class="actions"><a class="btn" href="${e(links.xlsx)}" download>${e(t.downloadXlsx)}</a>${links.csv ? `<a class="btn" href="${e(links.csv)}" download>${e(t.downloadCsv)}</a>` : ''}</div>${figuresSections(t, query.lang, figures)}${rankingSection(t, chromeOptions, ranking)}`;
  return chrome(chromeOptions, figures.unit.name, body);
}

export function unitPage(
  chromeOptions: Chrome,
  figures: FiguresView,
  ranking: RankingRowView[],
  links: { xlsx: string; csv?: string | undefined },
  comments:
    | { shown: CommentView[]; read: number; filter: { overall?: string | undefined; q?: string | undefined } }
    | undefined,
  cases: CaseView[] | undefined,
): string {
  const { query } = chromeOptions;
  const t = dashboardTexts[query.lang];
  let commentsBlock = '';
  if (comments) {
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
              `<blockquote data-comment><p>${e(comment.comment)}</p><p class="hint">${e(comment.returnedDay)} · ${e(comment.procedure)} · ${e([t.notS, t.s, t.veryS][comment.overall] ?? '')}${comment.reason ? ` · ${e(comment.reason)}` : ''}</p></blockquote>`,
          )
          .join('')
      : `<p>${e(t.commentsNone)}</p>`;
    commentsBlock = `<h2>${e(t.commentsTitle)}</h2>${filter}<p class="hint">${e(fill(t.commentsShown, { shown: comments.shown.length, read: comments.read }))}</p>${list}`;
  }
  const body = `<h1>${e(figures.unit.name)}</h1><p class="hint">${e(figures.from)} – ${e(figures.to)}</p>${periodPicker(t, chromeOptions.path, query, true)}<div class="actions"><a class="btn" href="${e(links.xlsx)}" download>${e(t.downloadXlsx)}</a>${links.csv ? `<a class="btn" href="${e(links.csv)}" download>${e(t.downloadCsv)}</a>` : ''}</div>${figuresSections(t, query.lang, figures)}${ranking.length ? rankingSection(t, chromeOptions, ranking) : ''}${commentsBlock}<h2>${e(t.casesTitle)}</h2>${casesSection(t, cases, chromeOptions.formToken, query.lang)}`;
  return chrome(chromeOptions, figures.unit.name, body);
}

export function feedbackPage(
  chromeOptions: Chrome,
  scopeName: string,
  cases: CaseView[] | undefined,
  notice?: string,
): string {
  const t = dashboardTexts[chromeOptions.query.lang];
  const body = `<h1>${e(t.casesTitle)}</h1><p class="hint">${e(fill(t.signedInAs, { unit: scopeName }))}</p>${notice ? `<p role="status">${e(notice)}</p>` : ''}${casesSection(t, cases, chromeOptions.formToken, chromeOptions.query.lang)}`;
  return chrome(chromeOptions, t.casesTitle, body);
}

export interface CommuneSkills {
  unit: { id: string; name: string };
  plan146: SkillsAnswer;
  dsi: SkillsAnswer;
}

export function skillsPage(chromeOptions: Chrome, scopeName: string, communes: CommuneSkills[]): string {
  const { query } = chromeOptions;
  const lang = query.lang;
  const t = dashboardTexts[lang];
  const cell = (answer: SkillsAnswer, key: string) => {
    const overall = answer.overall;
    const short = overall.share !== null && overall.share < 0.7 ? ' class="n warn"' : ' class="n"';
    return `<td${short} data-figure="${e(key)}">${e(formatPercent(overall.share, lang))}</td><td class="n">${overall.interval ? `${e(formatPercent(overall.interval.low, lang))} – ${e(formatPercent(overall.interval.high, lang))}` : '–'}</td>`;
  };
  const rows = communes
    .map(
      (commune) =>
        `<tr data-unit="${e(commune.unit.id)}"><th scope="row">${e(commune.unit.name)}</th>${cell(commune.plan146, `plan146.${commune.unit.id}`)}${cell(commune.dsi, `dsi.${commune.unit.id}`)}<td class="n">${e(formatCount(commune.plan146.overall.respondents, lang))}</td><td>${e(commune.plan146.weighting === 'post-stratified' ? t.postStratified : t.sampleShares)}</td></tr>`,
    )
    .join('');
  const bars = barChart({
    title: t.plan146,
    description: t.skillsTargets,
    axes: communes
      .slice(0, 40)
      .map((commune) => ({ label: commune.unit.name, value: commune.plan146.overall.share })),
  });
  const body = `<h1>${e(t.skillsTitle)}</h1><p class="hint">${e(scopeName)} · ${e(query.from)} – ${e(query.to)} · ${e(t.skillsTargets)}</p>${periodPicker(t, chromeOptions.path, query, false)}<div class="scroll" tabindex="0" role="region" aria-label="${e(t.skillsTitle)}"><table><thead><tr><th scope="col">${e(t.commune)}</th><th scope="col" class="n">${e(t.plan146)}</th><th scope="col" class="n">${e(t.interval)}</th><th scope="col" class="n">${e(t.dsi)}</th><th scope="col" class="n">${e(t.interval)}</th><th scope="col" class="n">${e(t.respondents)}</th><th scope="col">${e(t.weighting)}</th></tr></thead><tbody>${rows}</tbody></table></div>${bars}`;
  return chrome(chromeOptions, t.skillsTitle, body);
}

export function publicPage(options: {
  lang: Lang;
  province: { name: string };
  from: string;
  to: string;
  ranking: RankingRowView[];
}): string {
  const t = dashboardTexts[options.lang];
  const body = `<h1>${e(t.publicTitle)} — ${e(options.province.name)}</h1><p class="hint">${e(options.from)} – ${e(options.to)} · ${e(t.publicHelp)}</p>${rankingTable(t, options.lang, options.ranking, 'qd766', undefined, options.province.name)}`;
  return dashboardPage({
    lang: options.lang,
    title: `${t.publicTitle} — ${options.province.name}`,
    body,
    otherLanguage: options.lang === 'vi' ? '/public?lang=en' : '/public',
  });
}
