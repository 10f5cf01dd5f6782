/**
 * The citizen's side of a rating (DESIGN §4.1, §6): open a signed link, see the dossier, answer once.
 * Pure orchestration over storage; the HTTP layer (functions/public/routes/rating.ts) decides only
 * how answers and errors look.
 */
import { BadTokenError, NotFoundError } from './errors';
import type { AppDeps } from './http/deps';
import { RATING_INSTRUMENT, type RatingAnswers } from './instruments/rating';
import { maskPersonalData } from './masking';
import { type Dossier, getDossier } from './storage/dossiers';
import { guarded } from './storage/dynamo';
import { countRequest, RATING_POST_LIMIT } from './storage/limits';
import { getProcedure } from './storage/procedures';
import { getRating, putRating, type Rating } from './storage/ratings';
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

async function requireDossier(deps: AppDeps, rid: string): Promise<Dossier> {
  const dossier = await getDossier(deps.store, rid);
  if (!dossier) {
    throw new NotFoundError({
      vi: 'Không tìm thấy hồ sơ của đường dẫn này.',
      en: 'The dossier of this link was not found.',
    });
  }
  return dossier;
}

async function unitOf(deps: AppDeps, dossier: Dossier): Promise<RatingTarget['unit']> {
  const unit = await guarded(() => getUnit(deps.store, dossier.unit));
  return unit ?? { id: dossier.unit, name: dossier.unit, sipas: false };
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
 * What a submission needs — the dossier and its unit (for the SIPAS rule) — read while the link's
 * limit is counted (429 past it). Whether it was rated is left to the conditional write: the hot path
 * is two reads, one counter update and one put.
 */
export async function openSubmission(
  deps: AppDeps,
  claims: TokenClaims,
): Promise<{ dossier: Dossier; unit: RatingTarget['unit'] }> {
  const [dossier] = await Promise.all([
    requireDossier(deps, claims.rid),
    countRequest(deps.store, claims.rid, deps.now(), RATING_POST_LIMIT),
  ]);
  return { dossier, unit: await unitOf(deps, dossier) };
}

/** The rating to store: the dossier fields the aggregation needs, and the answers with free text masked. */
export function buildRating(dossier: Dossier, answers: RatingAnswers, ratedAt: Date): Rating {
  const mask = (text: string | undefined) => (text === undefined ? undefined : maskPersonalData(text));
  return {
    rid: dossier.rid,
    unit: dossier.unit,
    procedure: dossier.procedure,
    dossierCode: dossier.code,
    applicantType: dossier.applicantType,
    channel: dossier.channel,
    returnedDay: dossier.returnedDay,
    timeliness: dossier.timeliness,
    complaint: dossier.complaint,
    instrument: RATING_INSTRUMENT,
    overall: answers.overall,
    i3: answers.i3,
    i4: answers.i4,
    i7: answers.i7,
    reason: answers.reason,
    reasonText: mask(answers.reasonText),
    comment: mask(answers.comment),
    sipas: answers.sipas,
    lang: answers.lang,
    ratedAt: ratedAt.toISOString(),
  };
}

/** Stores the one rating of the dossier (409 when it was already rated, even concurrently). */
export async function submitRating(deps: AppDeps, dossier: Dossier, answers: RatingAnswers): Promise<Rating> {
  const rating = buildRating(dossier, answers, deps.now());
  await putRating(deps.store, rating, deps.config.COMMENT_RETENTION_DAYS);
  return rating;
}
