/**
 * The rating pages (DESIGN §4.1, §8): the form, thank-you, already-rated and error pages. The form
 * works with no JavaScript: every question is a fieldset with a legend and labelled radios; a tiny
 * optional script only hides the reason block until "Không hài lòng" is picked.
 */
import type { FieldProblem } from '../errors';
import type { Lang } from '../i18n';
import { feedbackTexts } from '../feedback/texts';
import { ratingTexts } from '../i18n/rating';
import {
  COMMENT_MAX,
  HONEYPOT_FIELD,
  questionOptions,
  REASON_TEXT_MAX,
  reasonCodes,
  reasonLabels,
  sipasIds,
  sipasLabels,
} from '../instruments/rating';
import { escapeHtml as e, scriptHash } from './html';
import { page } from './layout';

export interface RatingContext {
  token: string;
  lang: Lang;
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

/** `?lang=en` on English pages; nothing on Vietnamese ones (the default). */
const langQuery = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');

function langSwitch(path: string, lang: Lang): string {
  const other: Lang = lang === 'en' ? 'vi' : 'en';
  return `<p class="top"><a href="${e(path)}${langQuery(other)}" hreflang="${other}" lang="${other}">${ratingTexts[lang].otherLang}</a></p>`;
}

/** `2025-07-01` as Vietnamese and English readers both write it: `01/07/2025`. */
const formatDay = (day: string) => day.split('-').reverse().join('/');

function dossierFacts(context: RatingContext): string {
  const t = ratingTexts[context.lang];
  return `<dl><dt>${t.unit}</dt><dd>${e(context.unitName)}</dd><dt>${t.procedure}</dt><dd>${e(context.procedureName)}</dd><dt>${t.dossierCode}</dt><dd>${e(context.dossierCode)}</dd><dt>${t.returnedOn}</dt><dd>${e(formatDay(context.returnedDay))}</dd></dl>`;
}

function radios(name: string, options: readonly { value: number; label: string }[], picked: unknown): string {
  return options
    .map(
      (option) =>
        `<label class="opt" for="${name}-${option.value}"><input type="radio" id="${name}-${option.value}" name="${name}" value="${option.value}"${String(picked) === String(option.value) ? ' checked' : ''}>${e(option.label)}</label>`,
    )
    .join('');
}

function problemOf(problems: FieldProblem[], field: string): FieldProblem | undefined {
  return problems.find((problem) => problem.field === field);
}

function question(
  name: string,
  legend: string,
  body: string,
  problems: FieldProblem[],
  lang: Lang,
  options: { required?: boolean } = {},
): string {
  const problem = problemOf(problems, name);
  const required = options.required ? ` <span class="req">*</span>` : '';
  return `<fieldset id="q-${name}"${problem ? ` aria-invalid="true" aria-describedby="err-${name}"` : ''}><legend>${e(legend)}${required}</legend>${problem ? `<p class="err" id="err-${name}">${e(problem[lang])}</p>` : ''}${body}</fieldset>`;
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

export function ratingFormPage(context: RatingContext, state: FormState = {}): string {
  const { lang } = context;
  const t = ratingTexts[lang];
  const values = state.values ?? {};
  const problems = state.problems ?? [];
  const label = (option: { value: number; label: { vi: string; en: string } }) => ({
    value: option.value,
    label: option.label[lang],
  });
  const summary =
    problems.length > 0
      ? `<div class="errors" role="alert" tabindex="-1" id="errors"><p class="err">${t.errorsHeading}</p><ul>${problems
          .map(
            (problem) =>
              `<li><a href="#q-${e(problem.field)}">${e(t.fieldNames[problem.field] ?? problem.field)}</a>: ${e(problem[lang])}</li>`,
          )
          .join('')}</ul></div>`
      : '';
  const reasonBody =
    reasonCodes
      .map(
        (code) =>
          `<label class="opt" for="reason-${code}"><input type="radio" id="reason-${code}" name="reason" value="${code}"${values.reason === code ? ' checked' : ''}>${e(reasonLabels[code][lang])}</label>`,
      )
      .join('') +
    `<label class="block" for="reasonText">${t.reasonText}</label><textarea id="reasonText" name="reasonText" maxlength="${REASON_TEXT_MAX}" rows="2">${e(values.reasonText)}</textarea>`;
  const sipas = context.sipas
    ? `<fieldset id="q-sipas"><legend>${t.sipasHeading}</legend><p class="hint">${t.sipasHint}</p>${sipasIds
        .map((id) => {
          const problem = problemOf(problems, id);
          return `<div class="row" role="radiogroup" aria-labelledby="l-${id}" id="q-${id}"><span id="l-${id}">${e(sipasLabels[id][lang])}</span>${problem ? `<p class="err">${e(problem[lang])}</p>` : ''}<div class="scale">${radios(
            id,
            [1, 2, 3, 4, 5].map((value) => ({ value, label: String(value) })),
            values[id],
          )}</div></div>`;
        })
        .join('')}</fieldset>`
    : '';
  const commentProblem = problemOf(problems, 'comment');
  const body = `${langSwitch(`/r/${context.token}`, lang)}<h1>${t.heading}</h1><p>${t.intro}</p>${dossierFacts(context)}${summary}<form method="post" action="/r/${e(context.token)}${langQuery(lang)}" accept-charset="utf-8"><input type="hidden" name="lang" value="${lang}">${question(
    'overall',
    t.qOverall,
    radios('overall', questionOptions.overall.map(label), values.overall),
    problems,
    lang,
    { required: true },
  )}${question('reason', t.qReason, reasonBody, problems, lang)}${question(
    'i3',
    t.qI3,
    radios('i3', questionOptions.i3.map(label), values.i3),
    problems,
    lang,
    { required: true },
  )}${question('i4', t.qI4, radios('i4', questionOptions.i4.map(label), values.i4), problems, lang, {
    required: true,
  })}${question('i7', t.qI7, radios('i7', questionOptions.i7.map(label), values.i7), problems, lang, {
    required: true,
  })}${sipas}<div id="q-comment"><label class="block" for="comment">${t.comment}</label><p class="hint" id="comment-hint">${t.commentHint}</p>${commentProblem ? `<p class="err" id="err-comment">${e(commentProblem[lang])}</p>` : ''}<textarea id="comment" name="comment" maxlength="${COMMENT_MAX}" aria-describedby="comment-hint"${commentProblem ? ' aria-invalid="true"' : ''}>${e(values.comment)}</textarea></div>${wantsAnswerBox(lang, values.wantsAnswer)}<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">${t.honeypot}</label><input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div><p><button type="submit">${t.submit}</button></p></form><script>${REASON_SCRIPT}</script>`;
  return page({ lang, title: t.htmlTitle, body });
}

/** "Tôi muốn được phản hồi": opens a feedback case answered at this same link (issue #11). */
function wantsAnswerBox(lang: Lang, value: unknown): string {
  const t = feedbackTexts[lang];
  const checked = value === true || value === '1' || value === 'on' ? ' checked' : '';
  return `<label class="opt" for="wantsAnswer"><input type="checkbox" id="wantsAnswer" name="wantsAnswer" value="1" aria-describedby="wants-hint"${checked}>${t.wantsAnswer}</label><p class="hint" id="wants-hint">${t.wantsAnswerHint}</p>`;
}

/** A page with a title and a message (thank-you, already rated, errors). */
export function messagePage(options: {
  lang: Lang;
  title: string;
  message: string;
  context?: RatingContext | undefined;
  switchPath?: string | undefined;
}): string {
  const { lang } = options;
  const body = `${options.switchPath ? langSwitch(options.switchPath, lang) : ''}<h1>${e(options.title)}</h1>${options.context ? dossierFacts(options.context) : ''}<div class="box"><p>${e(options.message)}</p></div>`;
  return page({ lang, title: options.title, body });
}

export function thanksPage(context: RatingContext): string {
  const t = ratingTexts[context.lang];
  return messagePage({
    lang: context.lang,
    title: t.thanksTitle,
    message: t.thanksText,
    context,
    switchPath: `/r/${context.token}/thanks`,
  });
}

export function alreadyRatedPage(context: RatingContext): string {
  const t = ratingTexts[context.lang];
  return messagePage({
    lang: context.lang,
    title: t.alreadyTitle,
    message: t.alreadyText,
    context,
    switchPath: `/r/${context.token}`,
  });
}

/** The printable label for the one-stop counter's printer: unit, call to scan, QR, dossier code. */
export function labelPage(context: RatingContext, qrSvg: string): string {
  const t = ratingTexts[context.lang];
  const css = `@page{size:62mm 80mm;margin:3mm}body{background:#fff}main{min-height:0;text-align:center;max-width:62mm;padding:0}.qr svg{width:40mm;height:40mm}.u{font-weight:700;margin:0}.s{font-size:1.1rem;font-weight:700;margin:.25rem 0}.c{font-family:monospace;word-break:break-all;margin:0}@media print{.np{display:none}}`;
  // qrSvg is made by the qrcode package from our own URL: markup, not user text.
  const body = `<p class="u">${e(context.unitName)}</p><p class="s">${e(ratingTexts.vi.labelScan)}</p><div class="qr">${qrSvg}</div><p class="c">${e(context.dossierCode)}</p><p class="np"><button type="button" id="print">${t.labelPrint}</button></p><script>${PRINT_SCRIPT}</script>`;
  return page({
    lang: context.lang,
    title: `${ratingTexts.vi.labelScan} — ${context.dossierCode}`,
    body,
    extraCss: css,
  });
}
