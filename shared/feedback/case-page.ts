/**
 * The page of a feedback case at the citizen's rating link (DESIGN §4.4), shared by the rating page
 * (functions/public/routes/rating.ts: a rated dossier, an expired link) and the case's own routes
 * (functions/public/routes/feedback-answer.ts).
 */
import { ExpiredTokenError } from '../errors';
import type { AppDeps } from '../http/deps';
import type { PageLanguage } from '../i18n';
import { loadTarget, type RatingTarget, verifyLink } from '../rating-flow';
import { getCase } from '../storage/feedback-cases';
import { addDays, localDay } from '../time';
import { type TokenClaims, verifyToken } from '../tokens';
import { feedbackAnswerPage } from '../views/feedback-answer';

/**
 * A rating link expires `LINK_TTL_DAYS` after the return, but a case opened late in that window is
 * answered after it: the case page stays readable until {@link CASE_LINK_GRACE_DAYS} after the case's
 * due day (the rating form does not). An expired link shows the answer and takes no judgement
 * (DESIGN §4.4): the judgement is posted only at a valid link. The signature is still checked first.
 */
export const CASE_LINK_GRACE_DAYS = 60;

/** The claims of a link that may show its case: valid, or expired with an open-enough case. */
export async function caseLinkClaims(
  deps: AppDeps,
  token: string,
): Promise<{ claims: TokenClaims; expired: boolean }> {
  try {
    return { claims: await verifyLink(deps, token), expired: false };
  } catch (error) {
    if (!(error instanceof ExpiredTokenError)) throw error;
    // Signature checked as of just before the expiry; only the expiry is waived, and only for a case.
    const claims = verifyToken(await deps.keyring.get(), token, new Date(error.expiredAt.getTime() - 1000));
    const feedbackCase = await getCase(deps.store, claims.rid);
    const today = localDay(deps.now());
    if (!feedbackCase || today > addDays(feedbackCase.dueDay, CASE_LINK_GRACE_DAYS)) throw error;
    return { claims, expired: true };
  }
}

/** `GET /r/{token}` of an expired link: the case page when the case may still be shown, else undefined. */
export async function expiredLinkCasePage(
  deps: AppDeps,
  token: string,
  lang: PageLanguage,
): Promise<string | undefined> {
  const link = await caseLinkClaims(deps, token).catch(() => undefined);
  if (!link) return undefined;
  return casePageFor(deps, await loadTarget(deps, link.claims), token, lang, link.expired);
}

export const feedbackPageContext = (
  target: RatingTarget,
  token: string,
  lang: PageLanguage,
  expired = false,
) => ({
  token,
  language: lang,
  unitName: target.unit.name,
  dossierCode: target.dossier.code,
  expired,
});

/** The case page of a rated dossier that has a case, else undefined (the caller shows its own page). */
export async function casePageFor(
  deps: AppDeps,
  target: RatingTarget,
  token: string,
  lang: PageLanguage,
  expired = false,
): Promise<string | undefined> {
  const feedbackCase = await getCase(deps.store, target.dossier.rid);
  return feedbackCase
    ? feedbackAnswerPage(feedbackPageContext(target, token, lang, expired), feedbackCase)
    : undefined;
}
