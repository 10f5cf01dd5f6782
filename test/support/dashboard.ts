/**
 * A small province for the dashboard tests: the sample unit tree, two months of dossiers in three
 * communes with ratings (some with comments), aggregated by the nightly handler; an admin key for the
 * province, a scores-only key for one district, and a key revoked after issue.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { createAggregateHandler } from '../../functions/aggregate/handler';
import type { AppDeps } from '../../shared/http/deps';
import { createApiKey, revokeApiKey } from '../../shared/storage/api-keys';
import { registerDossier } from '../../shared/storage/dossiers';
import { putProcedures } from '../../shared/storage/procedures';
import type { Score } from '../../shared/storage/rating-encoding';
import { putRating } from '../../shared/storage/ratings';
import { addDays } from '../../shared/time';
import { procedures, ratingUnits } from './rating';
import { makeDossier, makeRating } from './satisfaction';
import { seedKey } from './stack';

/** The clock of the dashboard tests: 1 June 2025, when March and April are settled. */
export const DASHBOARD_NOW = new Date('2025-06-01T03:00:00Z');
export const PERIOD = { from: '2025-03-01', to: '2025-04-30' };

export const COMMENT_MARK = 'Cán bộ hướng dẫn tận tình';

export interface DashboardSeed {
  adminKey: string;
  districtKey: string;
  revokedKey: string;
}

export async function seedDashboard(deps: AppDeps): Promise<DashboardSeed> {
  await putProcedures(deps.store, [
    ...procedures,
    { code: '2.001610', name: 'Đăng ký kinh doanh hộ', field: 'Kinh doanh', processingDays: 3 },
  ]);
  const adminKey = await seedKey(deps, 'cb', ['admin'], ratingUnits);
  const districtKey = await seedKey(deps, 'cb-d1', ['scores:read'], ratingUnits);
  const revokedKey = await seedKey(deps, 'cb', ['admin'], ratingUnits);
  // Per commune: dossiers over March and April, a share rated, some late, some with comments.
  const plan: [string, number, number][] = [
    ['cb-d1-c1', 14, 0.8],
    ['cb-d1-c2', 10, 0.6],
    ['cb-d2-c1', 12, 0.5],
  ];
  for (const [unit, count, share] of plan) {
    for (let index = 0; index < count; index++) {
      const returned = addDays('2025-03-03', index * 4);
      const late = index % 5 === 4;
      const dossier = {
        ...makeDossier({ unit, code: `${unit}-${index}`, returned, due: addDays(returned, late ? -2 : 1) }),
        // A code LibreOffice would read as a number (2.00161) unless it is kept as text.
        procedure: '2.001610',
      };
      await registerDossier(deps.store, dossier);
      if (index / count < share) {
        const overall = (index % 3 === 2 ? 0 : index % 3 === 1 ? 1 : 2) as Score;
        const comment = index % 2 === 0 ? `${COMMENT_MARK} (${unit} #${index})` : undefined;
        await putRating(deps.store, makeRating(dossier, { overall, ...(comment ? { comment } : {}) }), 1095);
      }
    }
  }
  const handler = createAggregateHandler({
    store: deps.store,
    now: () => DASHBOARD_NOW,
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'hailong-test' }),
  });
  // Every night through the last one that can change the period (its links expire 30 May): a period is
  // final only once those nights are aggregated (shared/storage/final-periods.ts).
  await handler({ from: PERIOD.from, to: '2025-05-31' }, {} as Context);
  return { adminKey, districtKey, revokedKey };
}

/** Revokes the key whose secret is `secret` (by its id, as the admin CLI does). */
export async function revokeKey(deps: AppDeps, secret: string): Promise<void> {
  const { createHash } = await import('node:crypto');
  await revokeApiKey(deps.store, createHash('sha256').update(secret).digest('hex').slice(0, 12));
}

export { createApiKey };
