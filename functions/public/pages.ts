/**
 * The pages under `/r` as the public app mounts them on first use: the rating page with the feedback
 * case's routes inside it (so route files do not import each other).
 */
import type { Hono } from 'hono';
import type { AppDeps } from '../../shared/http/deps';

export async function loadRatingPages(deps: AppDeps): Promise<Hono> {
  const [rating, feedback] = await Promise.all([
    import('./routes/rating'),
    import('./routes/feedback-answer'),
  ]);
  return rating.ratingRoutes(deps, feedback.feedbackAnswerRoutes(deps));
}
