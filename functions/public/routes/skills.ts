/**
 * The self-assessment page (DESIGN §8): `GET /s/{campaign}` (the form), `POST /s/{campaign}` (form or
 * JSON), `GET /s/{campaign}/sw.js` (the service worker that keeps the page offline) and
 * `GET /s/{campaign}/manifest.webmanifest`. Mounted at `/s` in functions/public/app.ts.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { NotFoundError, UnsupportedMediaTypeError, ValidationError } from '../../../shared/errors';
import type { AppDeps } from '../../../shared/http/deps';
import { type Lang, pickLang } from '../../../shared/i18n';
import { skillsText } from '../../../shared/i18n/skills';
import {
  assessmentFromForm,
  assessmentFromJson,
  assessmentInputSchema,
} from '../../../shared/instruments/skills';
import { completeAssessment, eventInstant, saveAssessment } from '../../../shared/storage/assessments';
import { type Campaign, campaignIdSchema, getCampaign } from '../../../shared/storage/campaigns';
import { getUnit } from '../../../shared/storage/units';
import { parseInput } from '../../../shared/validation';
import { renderSkillsPage, skillsManifest, skillsServiceWorker } from '../../../shared/views/skills-page';
import { limitBody } from '../../../shared/http/body-limit';

const BODY_LIMIT_BYTES = 16 * 1024;

function campaignNotFound(): NotFoundError {
  return new NotFoundError({
    vi: skillsText('vi').notFound,
    en: skillsText('en').notFound,
  });
}

export function skillsPageRoutes(deps: AppDeps) {
  const app = new Hono();

  async function campaignOf(id: string): Promise<Campaign> {
    if (!campaignIdSchema.safeParse(id).success) throw campaignNotFound();
    const campaign = await getCampaign(deps.store, id);
    if (!campaign) throw campaignNotFound();
    return campaign;
  }

  async function communeName(campaign: Campaign): Promise<string> {
    return (await getUnit(deps.store, campaign.unit))?.name ?? campaign.unit;
  }

  // Errors are rendered by the public pages' one handler (shared/http/page-errors.ts).

  app.get('/:campaign', async (c) => {
    const lang = pickLang(c.req.query('lang'));
    const campaign = await campaignOf(c.req.param('campaign'));
    const saved = c.req.query('saved');
    c.header('Cache-Control', 'no-cache');
    return c.html(
      renderSkillsPage({
        lang,
        campaign,
        communeName: await communeName(campaign),
        clientId: randomUUID(),
        notice: saved === '1' ? 'saved' : saved === 'already' ? 'already' : undefined,
      }),
    );
  });

  app.get('/:campaign/sw.js', async (c) => {
    const campaign = await campaignOf(c.req.param('campaign'));
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    // The page is /s/<id> (no trailing slash), outside the script's default scope /s/<id>/.
    c.header('Service-Worker-Allowed', `/s/${campaign.id}`);
    c.header('Cache-Control', 'no-cache');
    return c.body(skillsServiceWorker(campaign.id));
  });

  app.get('/:campaign/manifest.webmanifest', async (c) => {
    const campaign = await campaignOf(c.req.param('campaign'));
    const lang = pickLang(c.req.query('lang'));
    c.header('Content-Type', 'application/manifest+json; charset=utf-8');
    return c.body(JSON.stringify(skillsManifest(campaign.id, lang, await communeName(campaign))));
  });

  app.post('/:campaign', limitBody(BODY_LIMIT_BYTES), async (c) => {
    const campaign = await campaignOf(c.req.param('campaign'));
    const type = c.req.header('content-type') ?? '';
    const isJson = type.includes('application/json');
    let raw: unknown;
    let lang: Lang = pickLang(c.req.query('lang'));
    if (isJson) {
      raw = assessmentFromJson(await c.req.json().catch(() => invalidBody()));
    } else if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
      const form = await c.req.parseBody().catch(() => invalidBody());
      const fields = Object.fromEntries(
        Object.entries(form).map(([name, value]) => [name, typeof value === 'string' ? value : '']),
      );
      lang = pickLang(fields.lang ?? c.req.query('lang'));
      raw = assessmentFromForm(fields);
    } else {
      throw new UnsupportedMediaTypeError({
        vi: 'Chỉ nhận application/json hoặc application/x-www-form-urlencoded.',
        en: 'Only application/json or application/x-www-form-urlencoded is accepted.',
      });
    }
    const input = parseInput(assessmentInputSchema, raw);
    const now = deps.now();
    const when = eventInstant(input.madeAt, now);
    if (!when.ok) {
      throw new ValidationError([
        when.reason === 'future'
          ? { field: 'madeAt', vi: 'thời điểm ở tương lai', en: 'is in the future' }
          : { field: 'madeAt', vi: 'cũ hơn 60 ngày', en: 'is older than 60 days' },
      ]);
    }
    const assessment = completeAssessment(input, campaign, when.at, now);
    const { created } = await saveAssessment(deps.store, assessment);
    if (isJson) {
      return c.json(
        { clientId: assessment.clientId, stored: created, day: assessment.day },
        created ? 201 : 200,
      );
    }
    const query = new URLSearchParams({
      saved: created ? '1' : 'already',
      ...(lang === 'en' ? { lang } : {}),
    });
    return c.redirect(`/s/${campaign.id}?${query}`, 303);
  });

  return app;
}

function invalidBody(): never {
  throw new ValidationError([{ field: '(body)', vi: 'JSON không hợp lệ', en: 'invalid JSON' }]);
}
