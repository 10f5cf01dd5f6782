/**
 * The rating pages (DESIGN §4.1, §8): the form, thank-you, already-rated, bad-link and expired pages,
 * and the counter's labels. Every text comes from the page's language catalog (shared/i18n). The form
 * works with no JavaScript: every question is a fieldset with a legend and labelled radios; a tiny
 * optional script only hides the reason block until "Không hài lòng" is picked.
 */
import type { FieldProblem } from '../errors';
import { baseLang, fill, type PageLanguage, type Texts } from '../i18n';
import {
  COMMENT_MAX,
  HONEYPOT_FIELD,
  indicatorIds,
  questionOptions,
  reasonCodes,
  sipasIds,
} from '../instruments/rating';
import { escapeHtml as e, scriptHash } from './html';
import { inLanguage, page } from './layout';

export interface RatingContext {
  token: string;
  language: PageLanguage;
  unitName: string;
  procedureName: string;
  dossierCode: string;
  returnedDay: string;
  sipas: boolean;
}

export interface FormState {
  /** The answers as submitted (kept when the form is shown again with errors). */
  values?: Record<string, unknown>;
  problems?: FieldProblem[];
}

/** `2025-07-01` as Vietnamese and English readers both write it: `01/07/2025`. */
export const formatDay = (day: string) => day.split('-').reverse().join('/');

/**
 * A day as the page's reader cannot misread it, with no word to translate: `21/12/2026` in Vietnamese
 * (always day first), ISO `2026-12-21` in any other language (where 12/07 could be read month first).
 */
export function readableDay(day: string, tag: string): string {
  return baseLang(tag) === 'vi' ? formatDay(day) : day;
}

function dossierFacts(context: RatingContext): string {
  const t = context.language.catalog.texts.rating;
  return `<dl><dt>${e(t.unit)}</dt><dd>${e(context.unitName)}</dd><dt>${e(t.procedure)}</dt><dd>${e(context.procedureName)}</dd><dt>${e(t.dossierCode)}</dt><dd>${e(context.dossierCode)}</dd><dt>${e(t.returnedOn)}</dt><dd>${e(formatDay(context.returnedDay))}</dd></dl>`;
}

/**
 * Faces for people who read little (overall 2, 1, 0): drawn inline, no request; hidden from screen
 * readers, which read the option's words.
 */
const FACE_MOUTH: Record<number, [string, string]> = {
  2: ['#b9e4b0', 'M9 18q7 9 14 0'],
  1: ['#ffe08a', 'M10 20q6 4 12 0'],
  0: ['#f7b2ad', 'M10 23q6-6 12 0'],
};
const face = (value: number) =>
  `<svg viewBox="0 0 32 32" width="36" height="36" aria-hidden="true" focusable="false"><circle cx="16" cy="16" r="14" fill="${FACE_MOUTH[value]![0]}" stroke="#1a1a1a" stroke-width="1.5"/><circle cx="11" cy="13" r="2"/><circle cx="21" cy="13" r="2"/><path d="${FACE_MOUTH[value]![1]}" fill="none" stroke="#1a1a1a" stroke-width="2" stroke-linecap="round"/></svg>`;

function radios(
  name: string,
  options: readonly { value: number | string; label: string; icon?: string }[],
  picked: unknown,
): string {
  return options
    .map(
      (option) =>
        `<label class="opt" for="${name}-${option.value}"><input type="radio" id="${name}-${option.value}" name="${name}" value="${option.value}"${String(picked) === String(option.value) ? ' checked' : ''}>${option.icon ?? ''}${e(option.label)}</label>`,
    )
    .join('');
}

/**
 * A problem in the page's language: the catalog's words for what a citizen can cause from the form
 * (a missing answer, no reason, too long); the API's own bilingual message for anything else.
 */
export function problemText(problem: FieldProblem, texts: Texts, tag: string): string {
  if (problem.en === 'required') return texts.problems.required;
  if (problem.field === 'reason') return texts.problems.reasonRequired;
  if (problem.en.startsWith('at most')) return texts.problems.tooLong;
  return tag === 'vi' || tag === 'en' ? problem[baseLang(tag)] : texts.problems.invalid;
}

function question(
  name: string,
  legend: string,
  body: string,
  problems: FieldProblem[],
  context: RatingContext,
  options: { required?: boolean; hint?: string } = {},
): string {
  const { catalog } = context.language;
  const problem = problems.find((p) => p.field === name);
  const required = options.required ? ` <span class="req" aria-hidden="true">*</span>` : '';
  const srRequired = options.required ? `<span class="hp"> (${e(catalog.texts.rating.required)})</span>` : '';
  const hint = options.hint ? `<p class="hint">${e(options.hint)}</p>` : '';
  return `<fieldset id="q-${name}"${problem ? ` aria-invalid="true" aria-describedby="err-${name}"` : ''}><legend>${e(legend)}${required}${srRequired}</legend>${hint}${problem ? `<p class="err" id="err-${name}">${e(problemText(problem, catalog.texts, catalog.tag))}</p>` : ''}${body}</fieldset>`;
}

/** Hides the reason block until "Không hài lòng" is picked; without it the block is simply shown. */
const REASON_SCRIPT = `(function(){var b=document.getElementById('q-reason');if(!b)return;function s(){var c=document.querySelector('input[name=overall]:checked');b.hidden=!(c&&c.value==='0')}document.querySelectorAll('input[name=overall]').forEach(function(i){i.addEventListener('change',s)});s()})()`;
const PRINT_SCRIPT = `document.getElementById('print').addEventListener('click',function(){window.print()})`;

/**
 * Content-Security-Policy of the rating pages: nothing may load from anywhere (DESIGN §7: no external
 * request), forms post only to us, and only our two inline scripts may run.
 */
export const RATING_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  `script-src ${scriptHash(REASON_SCRIPT)} ${scriptHash(PRINT_SCRIPT)}`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

type OptionTexts = Record<string, string>;

export function ratingFormPage(context: RatingContext, state: FormState = {}): string {
  const { catalog } = context.language;
  const texts = catalog.texts;
  const t = texts.rating;
  const values = state.values ?? {};
  const problems = state.problems ?? [];
  const path = `/r/${context.token}`;
  const labelled = (name: keyof typeof questionOptions, words: OptionTexts, icons = false) =>
    questionOptions[name].map((option) => ({
      value: option.value,
      label: words[String(option.value)] ?? '',
      ...(icons ? { icon: face(option.value) } : {}),
    }));
  const summary =
    problems.length > 0
      ? `<div class="errors" role="alert" tabindex="-1" id="errors"><p class="err">${e(t.errorsHeading)}</p><ul>${problems
          .map(
            (problem) =>
              `<li><a href="#q-${e(problem.field)}">${e((texts.fieldNames as OptionTexts)[problem.field] ?? problem.field)}</a>: ${e(problemText(problem, texts, catalog.tag))}</li>`,
          )
          .join('')}</ul></div>`
      : '';
  const reasonBody = radios(
    'reason',
    reasonCodes.map((code) => ({ value: code, label: (texts.reasons as OptionTexts)[code] ?? code })),
    values.reason,
  );
  const sipas = context.sipas
    ? `<fieldset id="q-sipas"><legend>${e(t.sipasHeading)}</legend><p class="hint">${e(t.sipasHint)}</p>${sipasIds
        .map((id) => {
          const problem = problems.find((p) => p.field === id);
          return `<div class="row" role="radiogroup" aria-labelledby="l-${id}" id="q-${id}"><span id="l-${id}">${e((texts.sipas as OptionTexts)[id])}</span>${problem ? `<p class="err">${e(problemText(problem, texts, catalog.tag))}</p>` : ''}<div class="scale">${radios(
            id,
            [1, 2, 3, 4, 5].map((value) => ({ value, label: String(value) })),
            values[id],
          )}</div></div>`;
        })
        .join('')}</fieldset>`
    : '';
  const indicatorTexts: Record<(typeof indicatorIds)[number], [string, OptionTexts]> = {
    i3: [t.qI3, texts.i3Options],
    i4: [t.qI4, texts.i4Options],
    i7: [t.qI7, texts.i7Options],
  };
  const indicators = indicatorIds
    .map((id) =>
      question(
        id,
        indicatorTexts[id][0],
        radios(id, labelled(id, indicatorTexts[id][1]), values[id]),
        problems,
        context,
        {
          required: true,
        },
      ),
    )
    .join('');
  const commentProblem = problems.find((p) => p.field === 'comment');
  const body = `<h1>${e(t.heading)}</h1><p>${e(t.intro)}</p>${dossierFacts(context)}${summary}<form method="post" action="${e(inLanguage(path, catalog.tag))}" accept-charset="utf-8"><input type="hidden" name="lang" value="${e(catalog.tag)}"><p class="hint"><span class="req">*</span> ${e(t.requiredNote)}</p>${question(
    'overall',
    t.qOverall,
    radios('overall', labelled('overall', texts.overallOptions, true), values.overall),
    problems,
    context,
    { required: true },
  )}${question('reason', t.qReason, reasonBody, problems, context, { required: true, hint: t.reasonHint })}${indicators}${sipas}<div id="q-comment"><label class="block" for="comment">${e(t.comment)}</label><p class="hint" id="comment-hint">${e(t.commentHint)}</p>${commentProblem ? `<p class="err" id="err-comment">${e(problemText(commentProblem, texts, catalog.tag))}</p>` : ''}<textarea id="comment" name="comment" maxlength="${COMMENT_MAX}" aria-describedby="comment-hint"${commentProblem ? ' aria-invalid="true"' : ''}>${e(values.comment)}</textarea></div>${wantsAnswerBox(t, values.wantsAnswer)}<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">${e(t.honeypot)}</label><input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div><p><button type="submit">${e(t.submit)}</button></p></form><script>${REASON_SCRIPT}</script>`;
  return page({ language: context.language, title: t.htmlTitle, body, switchPath: path });
}

/** "Tôi muốn được phản hồi": opens a feedback case answered at this same link (DESIGN §4.4). */
function wantsAnswerBox(t: Texts['rating'], value: unknown): string {
  const checked = value === true || value === '1' || value === 'on' ? ' checked' : '';
  return `<label class="opt" for="wantsAnswer"><input type="checkbox" id="wantsAnswer" name="wantsAnswer" value="1" aria-describedby="wants-hint"${checked}>${e(t.wantsAnswer)}</label><p class="hint" id="wants-hint">${e(t.wantsAnswerHint)}</p>`;
}

/** A page with a title, a message and, where there is one, the next step (thank-you, errors). */
export function messagePage(options: {
  language: PageLanguage;
  title: string;
  message: string;
  context?: RatingContext | undefined;
  switchPath?: string | undefined;
  next?: { text: string; link?: { href: string; text: string } } | undefined;
}): string {
  const next = options.next
    ? `<p>${e(options.next.text)}</p>${options.next.link ? `<p><a href="${e(options.next.link.href)}">${e(options.next.link.text)}</a></p>` : ''}`
    : '';
  const body = `<h1>${e(options.title)}</h1>${options.context ? dossierFacts(options.context) : ''}<div class="box"><p>${e(options.message)}</p>${next}</div>`;
  return page({ language: options.language, title: options.title, body, switchPath: options.switchPath });
}

/**
 * The thank-you after a rating; when the rating opened a feedback case (DESIGN §4.4: "Không hài
 * lòng", trouble, or "I want an answer"), it says the answer comes at this same link, and by when.
 */
export function thanksPage(context: RatingContext, answerDue?: string): string {
  const t = context.language.catalog.texts.rating;
  return messagePage({
    language: context.language,
    title: t.thanksTitle,
    message: t.thanksText,
    context,
    switchPath: `/r/${context.token}/thanks`,
    next: answerDue
      ? { text: fill(t.thanksAnswerDue, { day: readableDay(answerDue, context.language.catalog.tag) }) }
      : undefined,
  });
}

export function alreadyRatedPage(context: RatingContext): string {
  const t = context.language.catalog.texts.rating;
  return messagePage({
    language: context.language,
    title: t.alreadyTitle,
    message: t.alreadyText,
    context,
    switchPath: `/r/${context.token}`,
  });
}

/** Where a citizen whose link cannot be used can still give feedback (Decree 20/2008/NĐ-CP). */
export const NATIONAL_PORTAL = 'https://dichvucong.gov.vn';

/** A link that is not ours (altered, cut short, unknown key): what happened and what to do now. */
export function badLinkPage(language: PageLanguage, path: string): string {
  const t = language.catalog.texts.rating;
  return messagePage({
    language,
    title: t.badLinkTitle,
    message: t.badLinkText,
    switchPath: path,
    next: { text: t.badLinkNext },
  });
}

/** An expired link: when it expired, the unit when it is known, and where feedback can still go. */
export function expiredLinkPage(
  language: PageLanguage,
  path: string,
  expiresDay: string,
  context?: RatingContext,
): string {
  const t = language.catalog.texts.rating;
  return messagePage({
    language,
    title: t.expiredTitle,
    message: fill(t.expiredText, { date: formatDay(expiresDay) }),
    context,
    switchPath: path,
    next: { text: t.expiredNext, link: { href: NATIONAL_PORTAL, text: t.portalLink } },
  });
}

/** One label's content: unit, call to scan, QR, dossier code and the link's last day. */
export interface LabelInput {
  unitName: string;
  dossierCode: string;
  /** Local day (YYYY-MM-DD) the link expires. */
  expiresDay: string;
  /** Made by the qrcode package from our own URL: markup, not user text. */
  qrSvg: string;
}

/**
 * Label CSS: a label is a box of exactly the printable area of a 62 × 80 mm roll label (3 mm margins),
 * with sizes in mm and pt so it fits its page whatever the screen; the A4 sheet places 3 × 3 of them.
 */
const LABEL_CSS = `body{background:#fff}main{min-height:0;max-width:none;padding:0;margin:0}.lbl{width:56mm;height:74mm;overflow:hidden;text-align:center;display:flex;flex-direction:column;justify-content:space-between;align-items:center;break-inside:avoid;font-size:9pt;line-height:1.2}.lbl p{margin:0}.lbl .u{font-weight:700;max-height:12mm;overflow:hidden}.lbl .s{font-size:11pt;font-weight:700}.lbl .qr svg{width:34mm;height:34mm;display:block}.lbl .c{font-family:monospace;word-break:break-all}.roll .lbl+.lbl{break-before:page}.sheet{display:grid;grid-template-columns:repeat(3,62mm);grid-auto-rows:80mm;justify-content:center}.sheet .lbl{margin:3mm;outline:.2mm dashed #888;outline-offset:2mm}.np{margin:1rem}@media print{.np{display:none}}`;

function label(language: PageLanguage, input: LabelInput): string {
  const t = language.catalog.texts.rating;
  return `<div class="lbl"><p class="u">${e(input.unitName)}</p><p class="s">${e(t.labelScan)}</p><div class="qr">${input.qrSvg}</div><p class="c">${e(input.dossierCode)}</p><p class="x">${e(fill(t.labelExpires, { date: formatDay(input.expiresDay) }))}</p></div>`;
}

const printButton = (language: PageLanguage) =>
  `<p class="np"><button type="button" id="print">${e(language.catalog.texts.rating.labelPrint)}</button></p><script>${PRINT_SCRIPT}</script>`;

/** The printable label for the counter's 62 × 80 mm roll: one label, one page. */
export function labelPage(language: PageLanguage, input: LabelInput): string {
  const body = `<div class="roll">${label(language, input)}</div>${printButton(language)}`;
  return page({
    language,
    title: `${language.catalog.texts.rating.labelScan} — ${input.dossierCode}`,
    body,
    extraCss: `@page{size:62mm 80mm;margin:3mm}${LABEL_CSS}`,
  });
}

/**
 * Many dossiers' labels at once: `a4`, nine to an A4 sheet (cut along the edges), or `roll`, one per
 * 62 × 80 mm page of the label printer.
 */
export function labelSheetPage(language: PageLanguage, format: 'a4' | 'roll', labels: LabelInput[]): string {
  const size = format === 'a4' ? '@page{size:A4;margin:4mm}' : '@page{size:62mm 80mm;margin:3mm}';
  const body = `<div class="${format === 'a4' ? 'sheet' : 'roll'}">${labels.map((input) => label(language, input)).join('')}</div>${printButton(language)}`;
  return page({
    language,
    title: language.catalog.texts.rating.labelSheetTitle,
    body,
    extraCss: `${size}${LABEL_CSS}`,
  });
}
