/**
 * The self-assessment page (DESIGN §8): `GET /s/{campaign}` (the form), `POST /s/{campaign}` (form or
 * JSON), `GET /s/{campaign}/sw.js` (the service worker that keeps the page offline) and
 * `GET /s/{campaign}/manifest.webmanifest`. Mounted at `/s` in functions/public/app.ts.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { NotFoundError, UnsupportedMediaTypeError, ValidationError } from '../../../shared/errors';
import type { AppDeps } from '../../../shared/http/deps';
import { builtInCatalogs, chooseLanguage } from '../../../shared/i18n';
import {
  availableCatalogs,
  pageLanguage,
  pageLanguageOf,
  setPageLanguage,
} from '../../../shared/i18n/available';
import {
  assessmentFromForm,
  assessmentFromJson,
  assessmentInputSchema,
} from '../../../shared/instruments/skills';
import { completeAssessment, eventInstant, saveAssessment } from '../../../shared/storage/assessments';
import { type Campaign, campaignIdSchema, getCampaign } from '../../../shared/storage/campaigns';
import { getUnit } from '../../../shared/storage/units';
import { parseInput } from '../../../shared/validation';
import {
  renderSkillsPage,
  SKILLS_PAGE_CSP,
  skillsManifest,
  skillsServiceWorker,
} from '../../../shared/views/skills-page';
import { limitBody } from '../../../shared/http/body-limit';

const BODY_LIMIT_BYTES = 16 * 1024;

const [viTexts, enTexts] = builtInCatalogs.map((catalog) => catalog.texts.skills);

function campaignNotFound(): NotFoundError {
  return new NotFoundError({ vi: viTexts!.notFound, en: enTexts!.notFound });
}

export function skillsPageRoutes(deps: AppDeps) {
  const app = new Hono();
  app.use(pageLanguage(deps.store));
  app.use(async (c, next) => {
    await next();
    // Error pages too: set after the handler and onError have answered (issue 8).
    if (c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.res.headers.set('Content-Security-Policy', SKILLS_PAGE_CSP);
      c.res.headers.set('X-Content-Type-Options', 'nosniff');
    }
  });

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
    const campaign = await campaignOf(c.req.param('campaign'));
    const saved = c.req.query('saved');
    c.header('Cache-Control', 'no-cache');
    return c.html(
      renderSkillsPage({
        language: pageLanguageOf(c),
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
    c.header('Content-Type', 'application/manifest+json; charset=utf-8');
    return c.body(
      JSON.stringify(skillsManifest(campaign.id, pageLanguageOf(c), await communeName(campaign))),
    );
  });

  app.post('/:campaign', limitBody(BODY_LIMIT_BYTES), async (c) => {
    const campaign = await campaignOf(c.req.param('campaign'));
    const type = c.req.header('content-type') ?? '';
    const isJson = type.includes('application/json');
    let raw: unknown;
    if (isJson) {
      raw = assessmentFromJson(await c.req.json().catch(() => invalidBody()));
    } else if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
      const form = await c.req.parseBody().catch(() => invalidBody());
      const fields = Object.fromEntries(
        Object.entries(form).map(([name, value]) => [name, typeof value === 'string' ? value : '']),
      );
      if (fields.lang) {
        const available = await availableCatalogs(deps.store);
        setPageLanguage(c, chooseLanguage(available, fields.lang, c.req.header('accept-language')));
      }
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
    const tag = pageLanguageOf(c).catalog.tag;
    const query = new URLSearchParams({
      saved: created ? '1' : 'already',
      ...(tag === 'vi' ? {} : { lang: tag }),
    });
    return c.redirect(`/s/${campaign.id}?${query}`, 303);
  });

  // Deeper paths are not a campaign: the same page as an unknown one, not a bare "404 Not Found".
  app.all('*', () => {
    throw campaignNotFound();
  });

  return app;
}

function invalidBody(): never {
  throw new ValidationError([{ field: '(body)', vi: 'JSON không hợp lệ', en: 'invalid JSON' }]);
}
