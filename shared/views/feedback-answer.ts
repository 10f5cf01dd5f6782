/**
 * The citizen's view of a feedback case (DESIGN §4.4), at the rating link: the unit's answer, and a
 * form that asks once whether it is satisfactory. In the page's language, its texts from the catalogs
 * (`feedbackCase`, shared/i18n/catalogs), so a language a province adds shows this page too. No
 * script; inline CSS from the shared layout; well under the 14 KB page budget (DESIGN §7).
 */
import type { FieldProblem } from '../errors';
import type { FeedbackCase } from '../feedback/cases';
import type { PageLanguage } from '../i18n';
import { COMMENT_MAX } from '../instruments/rating';
import { escapeHtml as e } from './html';
import { inLanguage, page } from './layout';
import { problemText, readableDay } from './rating';

export interface FeedbackAnswerContext {
  token: string;
  language: PageLanguage;
  unitName: string;
  dossierCode: string;
  /** The link has expired: the page shows the answer and takes no judgement (DESIGN §4.4). */
  expired?: boolean | undefined;
}

/** The local (Asia/Ho_Chi_Minh) day of an instant. */
const localDayOf = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * The facts' list: the label column at most 40% of the width (a long label wraps) and the value
 * column the rest, so at 360 px neither is squeezed to a few characters a line (with `auto 1fr` the
 * longest label took its full width and left the unit name 6 lines, the dossier code 12); a long
 * code breaks only where it must.
 */
const CASE_CSS =
  'dl{grid-template-columns:fit-content(40%) minmax(0,1fr)}dd{overflow-wrap:anywhere;word-break:normal}h2{font-size:1.1rem;margin:1rem 0 .25rem}blockquote{margin:.5rem 0 1rem;padding:.5rem .75rem;border-left:4px solid #0b4f9c;background:#eef3fa;white-space:pre-wrap;word-break:break-word}';

/** The page for the case; `state` keeps a refused judgement's values and names its problems. */
export function feedbackAnswerPage(
  context: FeedbackAnswerContext,
  feedbackCase: FeedbackCase,
  state: { values?: Record<string, unknown>; problems?: FieldProblem[] } = {},
): string {
  const { catalog } = context.language;
  const t = catalog.texts.feedbackCase;
  const formatDay = (day: string) => readableDay(day, catalog.tag);
  const formatInstant = (iso: string) => formatDay(localDayOf(iso));
  const problemOf = (problem: FieldProblem) => e(problemText(problem, catalog.texts, catalog.tag));
  const path = `/r/${context.token}/feedback`;
  const facts = `<dl><dt>${e(t.unit)}</dt><dd>${e(context.unitName)}</dd><dt>${e(t.dossierCode)}</dt><dd>${e(context.dossierCode)}</dd><dt>${e(t.receivedOn)}</dt><dd>${e(formatDay(feedbackCase.openedDay))}</dd></dl>`;
  const answer = feedbackCase.answers.at(-1);
  let body: string;
  if (!answer) {
    body = `<div class="box"><p>${e(t.dueBy)} <strong>${e(formatDay(feedbackCase.dueDay))}</strong>.</p><p>${e(t.waiting)}</p></div>`;
  } else {
    const answerBlock = `<h2>${e(t.answerHeading)}</h2><p class="hint">${e(t.answeredOn)} ${e(formatInstant(answer.at))}</p><blockquote>${e(answer.text)}</blockquote>`;
    if (feedbackCase.judgement) {
      body = `${answerBlock}<div class="box"><p>${e(t.judged)} <strong>${e(feedbackCase.judgement === 'satisfied' ? t.yes : t.no)}</strong></p><p>${e(t.thanks)}</p></div>`;
    } else if (context.expired) {
      body = `${answerBlock}<div class="box"><p>${e(t.linkExpired)}</p></div>`;
    } else {
      const values = state.values ?? {};
      const problems = state.problems ?? [];
      const find = (field: string) => problems.find((problem) => problem.field === field);
      const satisfied = find('satisfied');
      const comment = find('comment');
      const summary =
        problems.length > 0
          ? `<div class="errors" role="alert"><p class="err">${e(t.errorsHeading)}</p><ul>${problems.map((problem) => `<li>${problemOf(problem)}</li>`).join('')}</ul></div>`
          : '';
      const radio = (value: 'yes' | 'no', label: string) =>
        `<label class="opt" for="satisfied-${value}"><input type="radio" id="satisfied-${value}" name="satisfied" value="${value}"${values.satisfied === value ? ' checked' : ''}>${e(label)}</label>`;
      // The action names the language (even Vietnamese): the answer to the post is in the same one.
      body = `${answerBlock}${summary}<form method="post" action="${e(`${path}?lang=${encodeURIComponent(catalog.tag)}`)}" accept-charset="utf-8"><fieldset id="q-satisfied"${satisfied ? ' aria-invalid="true" aria-describedby="err-satisfied"' : ''}><legend>${e(t.question)} <span class="req" aria-hidden="true">*</span><span class="hp"> (${e(t.required)})</span></legend>${satisfied ? `<p class="err" id="err-satisfied">${problemOf(satisfied)}</p>` : ''}${radio('yes', t.yes)}${radio('no', t.no)}</fieldset><label class="block" for="comment">${e(t.comment)}</label><p class="hint" id="comment-hint">${e(t.commentHint)}</p>${comment ? `<p class="err">${problemOf(comment)}</p>` : ''}<textarea id="comment" name="comment" maxlength="${COMMENT_MAX}" aria-describedby="comment-hint">${e(values.comment)}</textarea><p><button type="submit">${e(t.submit)}</button></p></form>`;
    }
  }
  return page({
    language: context.language,
    title: t.htmlTitle,
    body: `<h1>${e(t.heading)}</h1>${facts}${body}`,
    switchPath: path,
    extraCss: CASE_CSS,
  });
}

/** Where the page goes after a judgement: the case page, in the language it was given in. */
export const feedbackAnswerPath = (token: string, language: PageLanguage) =>
  inLanguage(`/r/${token}/feedback`, language.catalog.tag);
