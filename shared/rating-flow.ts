/**
 * The citizen's side of a rating (DESIGN §4.1, §6): open a signed link, see the dossier, answer once.
 * Pure orchestration over storage; the HTTP layer (functions/public/routes/rating.ts) decides only
 * how answers and errors look.
 */
import { BadTokenError } from './errors';
import type { AppDeps } from './http/deps';
import type { RatingAnswers } from './instruments/rating';
import { triggersOf } from './feedback/cases';
import { holidaysOf } from './feedback/opening';
import { caseOpening } from './storage/feedback-cases';
import { maskPersonalData } from './masking';
import type { Dossier } from './storage/dossiers';
import { guarded } from './storage/dynamo';
import { countRefusal as countStoredRefusal, RATING_POST_LIMIT } from './storage/limits';
import { getProcedure } from './storage/procedures';
import type { Rating } from './storage/rating-encoding';
import { getDossierState } from './storage/rating-reads';
import { dossierNotFound, rateDossier, type SetClause } from './storage/ratings';
import { getUnit, type Unit } from './storage/units';
import { type TokenClaims, verifyToken } from './tokens';
import type { LocalDay } from './time';

export interface RatingTarget {
  claims: TokenClaims;
  dossier: Dossier;
  unit: Pick<Unit, 'id' | 'name' | 'sipas'>;
  procedureName: string;
  alreadyRated: boolean;
}

/**
 * Verifies the token (400 forged or altered, 410 expired): no data is read before that. A token whose
 * key id the cached keyring lacks is checked once more against a refreshed keyring — after a rotation
 * the api function may sign with the new key before this function's cache has it.
 */
export async function verifyLink(deps: AppDeps, token: string): Promise<TokenClaims> {
  const keyring = await deps.keyring.get();
  try {
    return verifyToken(keyring, token, deps.now());
  } catch (error) {
    const keyId = Buffer.from(token, 'base64url')[0];
    const unknownKey = !keyring.keys.some((key) => key.id === keyId);
    if (!(error instanceof BadTokenError) || !unknownKey || !deps.keyring.refresh) throw error;
    return verifyToken(await deps.keyring.refresh(), token, deps.now());
  }
}

/**
 * Units and procedures change only on an admin import: a warm function keeps their names a minute,
 * so showing a page costs no read of them on most requests.
 */
const NAME_CACHE_MS = 60_000;
const nameCache = new Map<string, { value: { name: string; sipas: boolean }; at: number }>();

async function cached(
  key: string,
  load: () => Promise<{ name: string; sipas: boolean } | undefined>,
  fallback: string,
) {
  const hit = nameCache.get(key);
  const now = Date.now();
  if (hit && now - hit.at < NAME_CACHE_MS) return hit.value;
  const value = await load();
  if (value) nameCache.set(key, { value, at: now });
  return value ?? { name: fallback, sipas: false };
}

/** The dossier's unit as the page shows it; the SIPAS questions are the dossier's (asked at registration). */
async function unitOf(deps: AppDeps, dossier: Dossier): Promise<RatingTarget['unit']> {
  const unit = await cached(
    `${deps.store.tableName}\nUNIT\n${dossier.unit}`,
    () => guarded(() => getUnit(deps.store, dossier.unit)),
    dossier.unit,
  );
  return { id: dossier.unit, name: unit.name, sipas: dossier.asksSipas };
}

/** The procedure's name as the page shows it (its code when the catalogue lacks it). */
export async function procedureNameOf(deps: AppDeps, dossier: Dossier): Promise<string> {
  const procedure = await cached(
    `${deps.store.tableName}\nPROC\n${dossier.procedure}`,
    async () => {
      const found = await guarded(() => getProcedure(deps.store, dossier.procedure));
      return found && { name: found.name, sipas: false };
    },
    dossier.procedure,
  );
  return procedure.name;
}

/** What a page of the dossier shows, around the dossier. */
export async function describeDossier(
  deps: AppDeps,
  dossier: Dossier,
): Promise<Pick<RatingTarget, 'unit' | 'procedureName'>> {
  const [unit, procedureName] = await Promise.all([unitOf(deps, dossier), procedureNameOf(deps, dossier)]);
  return { unit, procedureName };
}

/** The dossier behind a verified link (one read), with what the page shows and whether it was rated. */
export async function loadTarget(deps: AppDeps, claims: TokenClaims): Promise<RatingTarget> {
  // Eventually consistent (half the read cost): the write's condition, not this read, decides.
  const { dossier, rating } = await getDossierState(deps.store, claims.rid, { consistent: false });
  if (!dossier) throw dossierNotFound();
  return { claims, dossier, ...(await describeDossier(deps, dossier)), alreadyRated: rating !== undefined };
}

/**
 * Counts a refused submission (invalid answers, already rated) against the link's limit: 429 when the
 * link is at its limit, 404 when there is no dossier.
 */
export async function countRefusal(deps: AppDeps, claims: TokenClaims): Promise<void> {
  if (!(await countStoredRefusal(deps.store, claims.rid, deps.now(), RATING_POST_LIMIT))) {
    throw dossierNotFound();
  }
}

/** The answers as stored: free text with phone numbers, e-mails and ID numbers masked. */
function maskAnswers(answers: RatingAnswers): RatingAnswers {
  const mask = (text: string | undefined) => (text === undefined ? undefined : maskPersonalData(text));
  return { ...answers, reasonText: mask(answers.reasonText), comment: mask(answers.comment) };
}

/**
 * Stores the one rating of the dossier in one request (DESIGN §7): 409 when it was already rated (even
 * concurrently), 429 when the link is at its limit, 404 without a dossier, 422 for SIPAS answers the
 * dossier's form did not ask. `extra` attributes (a feedback case) are written in the same request.
 */
export async function submitRating(
  deps: AppDeps,
  claims: TokenClaims,
  answers: RatingAnswers,
  extra: SetClause[] = [],
): Promise<{ rating: Rating; dossier: Dossier; caseDueDay?: LocalDay }> {
  const masked = maskAnswers(answers);
  const now = deps.now();
  // A "Không hài lòng", harassment or "I want an answer" opens a feedback case (DESIGN §4.4) in the same
  // UpdateItem; only then are the (cached) holidays read, for the due day in working days.
  const opensCase = triggersOf({ rating: masked, complaint: false }).length > 0;
  const caseOpened = opensCase
    ? caseOpening({
        rid: claims.rid,
        rating: masked,
        now,
        holidays: await holidaysOf(deps.store),
        workingDays: deps.config.FEEDBACK_WORKING_DAYS,
      })
    : undefined;
  const stored = await rateDossier(deps.store, claims.rid, masked, now, {
    caseOpening: caseOpened,
    retentionDays: deps.config.COMMENT_RETENTION_DAYS,
    limit: RATING_POST_LIMIT,
    // DESIGN §3: the link expires LINK_TTL_DAYS after the return (410), checked in the write's condition.
    returnedSince: new Date(deps.now().getTime() - deps.config.LINK_TTL_DAYS * 86_400_000),
    extra,
  });
  // The thank-you page tells the citizen by when the answer of the case this rating opened is due.
  const caseDueDay = caseOpened?.first.caseDueDay;
  return typeof caseDueDay === 'string' ? { ...stored, caseDueDay } : stored;
}
