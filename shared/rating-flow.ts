/**
 * The citizen's side of a rating (DESIGN §4.1, §6): open a signed link, see the dossier, answer once.
 * Pure orchestration over storage; the HTTP layer (functions/public/routes/rating.ts) decides only
 * how answers and errors look.
 */
import { BadTokenError, NotFoundError } from './errors';
import type { AppDeps } from './http/deps';
import type { RatingAnswers } from './instruments/rating';
import { openCaseIfCalledFor } from './feedback/opening';
import { maskPersonalData } from './masking';
import { type Dossier, dossierFromItem, dossierKey, getDossier } from './storage/dossiers';
import { batchGet, guarded } from './storage/dynamo';
import { countRequest, enforceLimit, limitKey, limitWindow, RATING_POST_LIMIT } from './storage/limits';
import { getProcedure } from './storage/procedures';
import { getRating, putRating, type Rating, ratingFromAnswers } from './storage/ratings';
import { getUnit, type Unit } from './storage/units';
import { type TokenClaims, verifyToken } from './tokens';

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

function dossierNotFound(): NotFoundError {
  return new NotFoundError({
    vi: 'Không tìm thấy hồ sơ của đường dẫn này.',
    en: 'The dossier of this link was not found.',
  });
}

async function requireDossier(deps: AppDeps, rid: string): Promise<Dossier> {
  const dossier = await getDossier(deps.store, rid);
  if (!dossier) throw dossierNotFound();
  return dossier;
}

/** Units change only on an admin import: a warm function keeps them a minute (no read per rating). */
const UNIT_CACHE_MS = 60_000;
const unitCache = new Map<string, { unit: RatingTarget['unit']; at: number }>();

async function unitOf(deps: AppDeps, dossier: Dossier): Promise<RatingTarget['unit']> {
  const cacheKey = `${deps.store.tableName}\n${dossier.unit}`;
  const cached = unitCache.get(cacheKey);
  const now = Date.now();
  if (cached && now - cached.at < UNIT_CACHE_MS) return cached.unit;
  const stored = await guarded(() => getUnit(deps.store, dossier.unit));
  const unit = stored
    ? { id: stored.id, name: stored.name, sipas: stored.sipas }
    : { id: dossier.unit, name: dossier.unit, sipas: false };
  if (stored) unitCache.set(cacheKey, { unit, at: now });
  return unit;
}

/** The procedure's name as the page shows it (its code when the catalogue lacks it). */
export async function procedureNameOf(deps: AppDeps, dossier: Dossier): Promise<string> {
  const procedure = await guarded(() => getProcedure(deps.store, dossier.procedure));
  return procedure?.name ?? dossier.procedure;
}

/** The dossier behind a verified link, with what the page shows and whether it was rated. */
export async function loadTarget(deps: AppDeps, claims: TokenClaims): Promise<RatingTarget> {
  const dossier = await requireDossier(deps, claims.rid);
  const [unit, procedureName, rating] = await Promise.all([
    unitOf(deps, dossier),
    procedureNameOf(deps, dossier),
    getRating(deps.store, claims.rid),
  ]);
  return { claims, dossier, unit, procedureName, alreadyRated: rating !== undefined };
}

/**
 * What a submission needs — the dossier, its unit (for the SIPAS rule) and the link's count of
 * refused submissions in this window (429 at the limit) — in one BatchGetItem; the unit comes from
 * the warm cache. Whether it was rated is left to the conditional write, so the hot path is one
 * batched read and one put (DESIGN §7's warm budget).
 */
export async function openSubmission(
  deps: AppDeps,
  claims: TokenClaims,
): Promise<{ dossier: Dossier; unit: RatingTarget['unit'] }> {
  const now = deps.now();
  const countKey = limitKey(claims.rid, limitWindow(now, RATING_POST_LIMIT).start);
  const items = await guarded(() => batchGet(deps.store, [dossierKey(claims.rid), countKey]));
  const counter = items.find((item) => item.pk === countKey.pk);
  enforceLimit(Number(counter?.count ?? 0), now, RATING_POST_LIMIT);
  const dossierItem = items.find((item) => item.sk === 'DOSSIER');
  if (!dossierItem) throw dossierNotFound();
  const dossier = dossierFromItem(dossierItem);
  return { dossier, unit: await unitOf(deps, dossier) };
}

/** Counts a refused submission (invalid answers, already rated) against the link's limit. */
export async function countRefusal(deps: AppDeps, claims: TokenClaims): Promise<void> {
  await countRequest(deps.store, claims.rid, deps.now(), RATING_POST_LIMIT);
}

/** The answers as stored: free text with phone numbers, e-mails and ID numbers masked. */
function maskAnswers(answers: RatingAnswers): RatingAnswers {
  const mask = (text: string | undefined) => (text === undefined ? undefined : maskPersonalData(text));
  return { ...answers, reasonText: mask(answers.reasonText), comment: mask(answers.comment) };
}

/** Stores the one rating of the dossier (409 when it was already rated, even concurrently). */
export async function submitRating(deps: AppDeps, dossier: Dossier, answers: RatingAnswers): Promise<Rating> {
  const masked = maskAnswers(answers);
  const rating = ratingFromAnswers(dossier, masked, deps.now());
  await putRating(deps.store, rating, deps.config.COMMENT_RETENTION_DAYS);
  // Interim second write (issue #11): the storage rewrite folds the case into the rating's UpdateItem.
  await openCaseIfCalledFor(deps, dossier, { rating: masked });
  return rating;
}
