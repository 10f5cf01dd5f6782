/**
 * Every entity module decodes what it reads: a stored field renamed on one side breaks here (or the
 * build), never silently downstream (a family losing counts, a listing losing a column).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dayChangesOfItem } from '../../shared/storage/day-buckets';
import { dossierFromItem, dossierToItem } from '../../shared/storage/dossiers';
import { StoredItemError } from '../../shared/storage/dynamo';
import { RATING_FACT_FIELDS, ratingFactsFromItem } from '../../shared/storage/dossier-item';
import {
  ratedDossierToItem,
  ratingFromItem,
  separateRatingToItem,
} from '../../shared/storage/rating-encoding';
import { ratingUpdate } from '../../shared/storage/ratings';
import { RATING_ARRIVAL_ATTRIBUTES, TABLE } from '../../shared/storage/table';
import { unitFromItem, unitToItem } from '../../shared/storage/units';
import { procedureFromItem, procedureToItem } from '../../shared/storage/procedures';
import { campaignFromItem, campaignToItem } from '../../shared/storage/campaigns';

/** The answer fields of a rating, as the update takes them. */
const answerFields = (r: typeof rating) => ({
  instrument: r.instrument,
  overall: r.overall,
  i3: r.i3,
  i4: r.i4,
  i7: r.i7,
  ...(r.reason !== undefined ? { reason: r.reason } : {}),
  ...(r.comment !== undefined ? { comment: r.comment } : {}),
  ...(r.sipas !== undefined ? { sipas: r.sipas } : {}),
  lang: r.lang,
  ratedAt: r.ratedAt,
});
import { makeDossier, makeRating } from '../support/satisfaction';

const sha12 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);

const dossier = makeDossier({ unit: 'cb-d1-c1', code: 'X1', returned: '2025-03-10', due: '2025-03-12' });
const rating = makeRating(dossier, { overall: 0, comment: 'Chậm', sipas: { s1: 4 } });

/** Only the attributes an index with an INCLUDE projection copies (keys included). */
function projected(item: Record<string, unknown>, index: (typeof TABLE.indexes)[number]) {
  const keep = new Set([
    'pk',
    'sk',
    index.partitionKey,
    index.sortKey,
    ...('include' in index ? index.include : []),
  ]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => keep.has(name)));
}

describe('stored item decoders', () => {
  it('reads back a dossier and a rated dossier exactly as written', () => {
    expect(dossierFromItem(dossierToItem(dossier))).toEqual(dossier);
    const rated = ratedDossierToItem(dossierToItem(dossier), rating, 1095);
    expect(dossierFromItem(rated)).toEqual(dossier);
    expect(ratingFromItem(rated)).toEqual(rating);
    expect(ratingFromItem(dossierToItem(dossier))).toBeUndefined();
    expect(ratingFromItem(separateRatingToItem(rating, 1095))).toEqual(rating);
  });

  it('refuses an item whose field was renamed, naming the entity, the item and the field', () => {
    const { returnedDay, ...item } = dossierToItem(dossier);
    expect(() => dossierFromItem({ ...item, returnDay: returnedDay })).toThrow(StoredItemError);
    expect(() => dossierFromItem({ ...item, returnDay: returnedDay })).toThrow(
      /dossier DOSSIER#.*returnedDay/,
    );
    const { overall, ...unrated } = ratedDossierToItem(dossierToItem(dossier), rating, 1095);
    expect(() => ratingFactsFromItem({ ...unrated, overal: overall })).toThrow(/overall/);
    const unit = unitToItem({
      id: 'cb',
      name: 'Cao Bằng',
      kind: 'province',
      parent: null,
      path: 'cb/',
      sipas: false,
    });
    expect(() => unitFromItem({ ...unit, kind: 'tinh' })).toThrow(/unit UNIT#cb.*kind/);
  });

  it('projects into the rating-arrival index every field the nightly job decodes, and no comment', () => {
    // Beside the facts, the dossier's state the rating was given on (the job counts the rating's delta).
    expect([...RATING_ARRIVAL_ATTRIBUTES].sort()).toEqual(
      [...RATING_FACT_FIELDS, 'ratedWithState', 'ratedCaseOpenedAt', 'ratedCaseDueDay', 'commentHash'].sort(),
    );
    const gsi3 = TABLE.indexes.find((index) => index.name === 'gsi3')!;
    const item = projected(ratedDossierToItem(dossierToItem(dossier), rating, 1095), gsi3);
    expect(item.comment).toBeUndefined();
    expect(dayChangesOfItem(item)).toEqual([
      {
        kind: 'rating',
        rating: {
          rid: rating.rid,
          unit: rating.unit,
          returnedDay: rating.returnedDay,
          timeliness: rating.timeliness,
          complaint: rating.complaint,
          instrument: rating.instrument,
          overall: 0,
          i3: 0,
          i4: 0,
          i7: 0,
          sipas: { s1: 4 },
          ratedAt: rating.ratedAt,
        },
        // The fingerprint of "Chậm" normalised by hand ("chậm"), SHA-256 by node:crypto, 12 hex digits.
        commentHash: sha12('chậm'),
      },
    ]);
  });

  it("gives a loader's rated dossier the comment fingerprint the rating's update writes, none without a comment", () => {
    const update = ratingUpdate(dossier.rid, { ...answerFields(rating) }, new Date(rating.ratedAt), {
      retentionDays: 1095,
      limit: { limit: 10, windowSeconds: 600 },
    });
    const names = update.ExpressionAttributeNames;
    const alias = Object.keys(names).find((name) => names[name] === 'commentHash')!;
    const placeholder = new RegExp(`${alias} = (:\\w+)`).exec(update.UpdateExpression)![1]!;
    const written = update.ExpressionAttributeValues![placeholder];
    expect(written).toBe(sha12('chậm'));
    expect(ratedDossierToItem(dossierToItem(dossier), rating, 1095).commentHash).toBe(written);
    const { comment: _comment, ...silent } = rating;
    expect(ratedDossierToItem(dossierToItem(dossier), silent, 1095)).not.toHaveProperty('commentHash');
  });

  it('copies into gsi1 every field the entities listed or bucketed there decode, and nothing a rating writes', () => {
    const gsi1 = TABLE.indexes.find((index) => index.name === 'gsi1')!;
    const unit = {
      id: 'cb',
      name: 'Cao Bằng',
      kind: 'province' as const,
      parent: null,
      path: 'cb/',
      sipas: true,
    };
    expect(unitFromItem(projected(unitToItem(unit), gsi1))).toEqual(unit);
    const procedure = { code: '1.001', name: 'Khai sinh', field: 'Hộ tịch', processingDays: 1 };
    expect(procedureFromItem(projected(procedureToItem(procedure), gsi1))).toEqual(procedure);
    const campaign = { id: 'AbCd1234', unit: 'cb', team: 'DT-01', createdAt: '2026-03-01T00:00:00.000Z' };
    expect(campaignFromItem(projected(campaignToItem(campaign), gsi1))).toEqual(campaign);
    const rated = ratedDossierToItem(dossierToItem(dossier), rating, 1095);
    expect(dossierFromItem(projected(rated, gsi1))).toEqual(dossier);
    // Every attribute the rating's update sets is outside gsi1's projection.
    const update = ratingUpdate(dossier.rid, { ...answerFields(rating) }, new Date(rating.ratedAt), {
      retentionDays: 1095,
      limit: { limit: 10, windowSeconds: 600 },
    });
    // The attributes its SET clauses write (the left side of each; `state`, `ratingsPk`… are only read).
    const written = update.UpdateExpression.replace(/^SET /, '')
      .split(/, (?=#)/)
      .map((clause) => update.ExpressionAttributeNames[clause.split(' = ')[0]!]!);
    const copied = new Set<string>('include' in gsi1 ? gsi1.include : []);
    expect(written.filter((name) => copied.has(name))).toEqual([]);
    expect(written).toEqual(
      expect.arrayContaining(['overall', 'comment', 'sipasScores', 'ratingInstrument']),
    );
  });

  it('gives a rated dossier two arrivals: the dossier on its registration day, the rating on its own', () => {
    const arrivals = dayChangesOfItem(ratedDossierToItem(dossierToItem(dossier), rating, 1095));
    expect(arrivals.map((arrival) => arrival.kind)).toEqual(['dossier', 'rating']);
  });
});
