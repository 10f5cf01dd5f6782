/**
 * The citizen's side of a rating (DESIGN §4.1, §6): open a signed link, see the dossier, answer once.
 * Pure orchestration over storage; the HTTP layer (functions/public/routes/rating.ts) decides only
 * how answers and errors look.
 */
import { NotFoundError } from './errors';
import type { AppDeps } from './http/deps';
import { RATING_INSTRUMENT, type RatingAnswers } from './instruments/rating';
import { maskPersonalData } from './masking';
import type { Dossier } from './storage/dossiers';
import { getDossier } from './storage/dossiers';
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

/** Verifies the token (400 forged or altered, 410 expired): no data is read before that. */
export async function verifyLink(deps: AppDeps, token: string): Promise<TokenClaims> {
  return verifyToken(await deps.keyring.get(), token, deps.now());
}

/** The dossier behind a verified link, with what the page shows and whether it was rated. */
export async function loadTarget(deps: AppDeps, claims: TokenClaims): Promise<RatingTarget> {
  const dossier = await getDossier(deps.store, claims.rid);
  if (!dossier) {
    throw new NotFoundError({
      vi: 'Không tìm thấy hồ sơ của đường dẫn này.',
      en: 'The dossier of this link was not found.',
    });
  }
  const [unit, procedure, rating] = await Promise.all([
    guarded(() => getUnit(deps.store, dossier.unit)),
    guarded(() => getProcedure(deps.store, dossier.procedure)),
    getRating(deps.store, claims.rid),
  ]);
  return {
    claims,
    dossier,
    unit: unit ?? { id: dossier.unit, name: dossier.unit, sipas: false },
    procedureName: procedure?.name ?? dossier.procedure,
    alreadyRated: rating !== undefined,
  };
}

/** Counts a submission against the link's limit (429 past it). */
export async function countSubmission(deps: AppDeps, claims: TokenClaims): Promise<void> {
  await countRequest(deps.store, claims.rid, deps.now(), RATING_POST_LIMIT);
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
