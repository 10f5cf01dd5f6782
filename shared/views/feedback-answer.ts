/**
 * The citizen's view of a feedback case (DESIGN §4.4), at the rating link: the unit's answer, and a
 * form that asks once whether it is satisfactory. No script; inline CSS from the shared layout; well
 * under the 14 KB page budget (DESIGN §7).
 */
import type { FieldProblem } from '../errors';
import type { FeedbackCase } from '../feedback/cases';
import { feedbackTexts } from '../feedback/texts';
import { builtInCatalogs, chooseLanguage, type Lang } from '../i18n';
import { COMMENT_MAX } from '../instruments/rating';
import { escapeHtml as e } from './html';
import { page } from './layout';

export interface FeedbackAnswerContext {
  token: string;
  lang: Lang;
  unitName: string;
  dossierCode: string;
}

const langQuery = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');
const formatDay = (day: string) => day.split('-').reverse().join('/');
/** The local (Asia/Ho_Chi_Minh) day of an instant, written dd/mm/yyyy. */
const formatInstant = (iso: string) =>
  formatDay(new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10));

/** The page for the case; `state` keeps a refused judgement's values and names its problems. */
export function feedbackAnswerPage(
  context: FeedbackAnswerContext,
  feedbackCase: FeedbackCase,
  state: { values?: Record<string, unknown>; problems?: FieldProblem[] } = {},
): string {
  const { lang } = context;
  const t = feedbackTexts[lang];
  const other: Lang = lang === 'en' ? 'vi' : 'en';
  const path = `/r/${context.token}/feedback`;
  const facts = `<dl><dt>${t.unit}</dt><dd>${e(context.unitName)}</dd><dt>${t.dossierCode}</dt><dd>${e(context.dossierCode)}</dd><dt>${t.receivedOn}</dt><dd>${e(formatDay(feedbackCase.openedDay))}</dd></dl>`;
  const answer = feedbackCase.answers.at(-1);
  let body: string;
  if (!answer) {
    body = `<div class="box"><p>${t.dueBy} <strong>${e(formatDay(feedbackCase.dueDay))}</strong>.</p><p>${t.waiting}</p></div>`;
  } else {
    const answerBlock = `<h2>${t.answerHeading}</h2><p class="hint">${t.answeredOn} ${e(formatInstant(answer.at))}</p><blockquote>${e(answer.text)}</blockquote>`;
    if (feedbackCase.judgement) {
      body = `${answerBlock}<div class="box"><p>${t.judged} <strong>${feedbackCase.judgement === 'satisfied' ? t.yes : t.no}</strong></p><p>${t.thanks}</p></div>`;
    } else {
      const values = state.values ?? {};
      const problems = state.problems ?? [];
      const problemOf = (field: string) => problems.find((problem) => problem.field === field);
      const satisfied = problemOf('satisfied');
      const comment = problemOf('comment');
      const summary =
        problems.length > 0
          ? `<div class="errors" role="alert"><p class="err">${t.errorsHeading}</p><ul>${problems.map((problem) => `<li>${e(problem[lang])}</li>`).join('')}</ul></div>`
          : '';
      const radio = (value: 'yes' | 'no', label: string) =>
        `<label class="opt" for="satisfied-${value}"><input type="radio" id="satisfied-${value}" name="satisfied" value="${value}"${values.satisfied === value ? ' checked' : ''}>${label}</label>`;
      body = `${answerBlock}${summary}<form method="post" action="${e(path)}${langQuery(lang)}" accept-charset="utf-8"><input type="hidden" name="lang" value="${lang}"><fieldset id="q-satisfied"${satisfied ? ' aria-invalid="true" aria-describedby="err-satisfied"' : ''}><legend>${t.question} <span class="req">*</span></legend>${satisfied ? `<p class="err" id="err-satisfied">${e(satisfied[lang])}</p>` : ''}${radio('yes', t.yes)}${radio('no', t.no)}</fieldset><label class="block" for="comment">${t.comment}</label><p class="hint" id="comment-hint">${t.commentHint}</p>${comment ? `<p class="err">${e(comment[lang])}</p>` : ''}<textarea id="comment" name="comment" maxlength="${COMMENT_MAX}" aria-describedby="comment-hint">${e(values.comment)}</textarea><p><button type="submit">${t.submit}</button></p></form>`;
    }
  }
  const html = `<p class="top"><a href="${e(path)}${langQuery(other)}" hreflang="${other}" lang="${other}">${t.otherLang}</a></p><h1>${t.heading}</h1>${facts}${body}`;
  return page({
    // The case pages keep their own two-language switch (shared/feedback/texts.ts).
    language: chooseLanguage(builtInCatalogs, lang),
    title: t.htmlTitle,
    body: html,
    extraCss:
      'h2{font-size:1.1rem;margin:1rem 0 .25rem}blockquote{margin:.5rem 0 1rem;padding:.5rem .75rem;border-left:4px solid #0b4f9c;background:#eef3fa;white-space:pre-wrap;word-break:break-word}',
  });
}
