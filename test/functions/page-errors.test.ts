import { ratingTexts } from '../../shared/i18n/rating';
import { skillsText } from '../../shared/i18n/skills';
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { BadRequestError, RateLimitedError } from '../../shared/errors';
import { pageErrorHandler } from '../../shared/http/page-errors';

function appThrowing(error: Error) {
  const app = new Hono();
  app.onError(pageErrorHandler);
  app.get('*', () => {
    throw error;
  });
  return app;
}

describe('public error pages', () => {
  const bad = new BadRequestError({ vi: 'Sai <mã>', en: 'Wrong <code>' });

  it('renders a domain error as an escaped page with its status, in the asked language', async () => {
    const res = await appThrowing(bad).request('/r/x?lang=en');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<h1>Cannot rate</h1>');
    expect(html).toContain('Wrong &lt;code&gt;');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it("renders a self-assessment page error in that page's own look and words, escaped", async () => {
    const html = await (await appThrowing(bad).request('/s/campaign')).text();
    expect(html).toContain(skillsText('vi').errorTitle);
    expect(html).not.toContain(ratingTexts.vi.errorTitle);
    expect(html).toContain('Sai &lt;mã&gt;');
  });

  it('answers JSON to a client that asks for it, with Retry-After on 429', async () => {
    const res = await appThrowing(new RateLimitedError(42)).request('/r/x', {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('42');
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('hides an unexpected error behind a 500 page and logs it', async () => {
    // Powertools' logger writes structured JSON to stderr.
    const log = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const res = await appThrowing(new Error('secret detail')).request('/r/x');
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('Đánh giá chưa được lưu');
    expect(html).not.toContain('secret detail');
    const logged = log.mock.calls.map(([line]) => String(line)).join('');
    expect(JSON.parse(logged.trim().split('\n').at(-1)!)).toMatchObject({
      level: 'ERROR',
      message: 'unexpected failure',
      path: '/r/{token}',
      error: { message: 'secret detail' },
    });
    log.mockRestore();
  });
});
