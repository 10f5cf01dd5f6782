import { createHash } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { COMMENT_MAX } from '../../shared/instruments/rating';
import { rotateKeyring } from '../../shared/keyring';
import { MASKS } from '../../shared/masking';
import { getRating } from '../../shared/storage/rating-reads';
import { signToken, verifyToken } from '../../shared/tokens';
import { formBody, formHeaders, registerOne, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

const answers = { overall: '2', i3: '2', i4: '1', i7: '2' };

describe('rating pages /r/{token}', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;

  beforeAll(async () => {
    stack = await startTestStack();
    key = await seedRating(stack.deps);
    app = createLocalApp(stack.deps);
  });
  afterAll(() => stack.close());

  const ridOf = async (token: string) => verifyToken(await stack.deps.keyring.get(), token).rid;
  const storedRating = async (token: string) => getRating(stack.deps.store, await ridOf(token));
  const post = (path: string, body: string, headers: Record<string, string> = formHeaders) =>
    app.request(path, { method: 'POST', headers, body });

  describe('GET', () => {
    it('shows the form with the unit, the procedure and the dossier code, in Vietnamese', async () => {
      const { dossier, path } = await registerOne(app, key);
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain('<html lang="vi">');
      expect(html).toContain('Xã Một Một');
      expect(html).toContain('Đăng ký khai sinh');
      expect(html).toContain(dossier.code);
      expect(html).toContain('Ngày trả kết quả');
      for (const label of ['Rất hài lòng', 'Hài lòng', 'Không hài lòng']) expect(html).toContain(label);
      expect(html).not.toContain('name="s1"');
    });

    it('is accessible: a fieldset and legend per question, a label bound to every radio', async () => {
      const { path } = await registerOne(app, key);
      const html = await (await app.request(path)).text();
      for (const name of ['overall', 'reason', 'i3', 'i4', 'i7']) {
        expect(html).toMatch(new RegExp(`<fieldset id="q-${name}"[^>]*><legend>`));
      }
      const radioIds = [...html.matchAll(/<input type="radio" id="([^"]+)"/g)].map((match) => match[1]);
      expect(radioIds.length).toBeGreaterThanOrEqual(18);
      for (const id of radioIds) expect(html).toContain(`<label class="opt" for="${id}">`);
      expect(html).toContain('min-height:44px');
    });

    it('fits 14 KB with its inline CSS and makes no external request', async () => {
      const { path } = await registerOne(app, key, { unit: 'cb-sipas' });
      const res = await app.request(path);
      const bytes = new Uint8Array(await res.clone().arrayBuffer()).byteLength;
      expect(bytes).toBeLessThanOrEqual(14 * 1024);
      const html = await res.text();
      expect(html).not.toMatch(/<(link|img|iframe)\b/);
      expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
      expect(html).not.toMatch(/url\(|@import/);
    });

    it('forbids any external load by Content-Security-Policy, allowing only its own inline script', async () => {
      const { path } = await registerOne(app, key);
      const res = await app.request(path);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("form-action 'self'");
      const script = /<script>([^<]*)<\/script>/.exec(await res.text())![1]!;
      const hash = createHash('sha256').update(script).digest('base64');
      expect(csp).toContain(`'sha256-${hash}'`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const error = await app.request('/r/forged');
      expect(error.status).toBe(400);
      expect(error.headers.get('content-security-policy')).toBe(csp);
    });

    it('shows the SIPAS block only for a unit that asks it, and escapes the unit name', async () => {
      const { path } = await registerOne(app, key, { unit: 'cb-sipas' });
      const html = await (await app.request(path)).text();
      for (const id of ['s1', 's2', 's3', 's4', 's5']) expect(html).toContain(`name="${id}" value="5"`);
      expect(html).toContain('Sở Tư pháp &lt;Cao Bằng&gt;');
      expect(html).not.toContain('<Cao Bằng>');
    });

    it('switches to English with ?lang=en', async () => {
      const { path } = await registerOne(app, key);
      const html = await (await app.request(`${path}?lang=en`)).text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('Very satisfied');
      expect(html).toContain(`action="${path}?lang=en"`);
    });

    it('answers a forged token with a 400 page that says what to do next and offers the other languages', async () => {
      const { token } = await registerOne(app, key);
      const forged = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
      const bad = await app.request(`/r/${forged}`);
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('text/html');
      const html = await bad.text();
      expect(html).toContain('Đường dẫn đánh giá không đúng');
      expect(html).toContain('quét lại mã QR');
      expect(html).toContain(`href="/r/${forged}?lang=en"`);
      expect((await app.request('/r/not-a-token')).status).toBe(400);
    });

    it('answers a token containing "/" with the bilingual bad-link page, not a plain-text 404', async () => {
      const { token } = await registerOne(app, key);
      for (const path of [`/r/${token.slice(0, 20)}/${token.slice(20)}`, `/r/${token}/x/y`, '/r/a/b/c/d']) {
        const res = await app.request(`${path}?lang=en`);
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
        const html = await res.text();
        expect(html).toContain('This rating link is not valid');
        expect(html).toContain('lang="vi">Tiếng Việt</a>');
      }
    });

    it('answers an expired link with a 410 page naming the unit, the expiry day and where feedback can go', async () => {
      const { token } = await registerOne(app, key);
      const keyring = await stack.deps.keyring.get();
      const expired = signToken(keyring, await ridOf(token), new Date('2026-01-02T00:00:00+07:00'));
      const gone = await app.request(`/r/${expired}?lang=en`);
      expect(gone.status).toBe(410);
      const html = await gone.text();
      expect(html).toContain('This rating link has expired');
      expect(html).toContain('This link expired on 02/01/2026.');
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('<dt>Handled by</dt>');
      expect(html).toContain('href="https://dichvucong.gov.vn"');
    });

    it('reads the keyring again when a link names a key this function has not seen yet (rotation)', async () => {
      const { token } = await registerOne(app, key);
      const cached = await stack.deps.keyring.get();
      const rotated = rotateKeyring(cached, 30);
      const rid = await ridOf(token);
      let refreshes = 0;
      const stale = createLocalApp({
        ...stack.deps,
        keyring: {
          get: async () => cached,
          refresh: async () => {
            refreshes++;
            return rotated;
          },
        },
      });
      const fresh = signToken(rotated, rid, new Date(Date.now() + 86_400_000));
      expect((await stale.request(`/r/${fresh}`)).status).toBe(200);
      expect(refreshes).toBe(1);
      // A link of a known key that fails its check is forged: no refresh.
      expect((await stale.request(`/r/${token.slice(0, 43)}${token[43] === 'A' ? 'B' : 'A'}`)).status).toBe(
        400,
      );
      expect(refreshes).toBe(1);
    });

    it('answers 404 for a validly signed link to a dossier that does not exist', async () => {
      const keyring = await stack.deps.keyring.get();
      const token = signToken(keyring, 'AAAAAAAAAAAAAAAA', new Date(Date.now() + 86_400_000));
      const res = await app.request(`/r/${token}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Không tìm thấy hồ sơ');
    });
  });

  describe('POST', () => {
    it('stores a form answer, masks the comment and answers with the thank-you page itself (201, no redirect)', async () => {
      const { token, path } = await registerOne(app, key);
      const res = await post(
        path,
        formBody({ ...answers, comment: 'Gọi tôi 0912 345 678 hoặc a@b.vn', lang: 'vi', website: '' }),
      );
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('Cảm ơn Ông/Bà!');
      // A reload posts again: the already-rated page, nothing stored twice.
      const reload = await post(path, formBody(answers));
      expect(reload.status).toBe(409);
      expect(await reload.text()).toContain('Hồ sơ này đã được đánh giá');
      const rating = await storedRating(token);
      expect(rating).toMatchObject({
        instrument: 'rating@1',
        overall: 2,
        i3: 2,
        i4: 1,
        i7: 2,
        unit: 'cb-d1-c1',
        procedure: '1.001193',
        timeliness: 'early',
        lang: 'vi',
        comment: `Gọi tôi ${MASKS.phone} hoặc ${MASKS.email}`,
      });
    });

    it('thanks in English when the form was in English', async () => {
      const { path } = await registerOne(app, key);
      const res = await post(`${path}?lang=en`, formBody({ ...answers, lang: 'en' }));
      expect(res.status).toBe(201);
      expect(await res.text()).toContain('Thank you!');
    });

    it('stores a JSON answer and answers 201 JSON', async () => {
      const { token, path, dossier } = await registerOne(app, key);
      const res = await post(
        path,
        JSON.stringify({ overall: 0, i3: 0, i4: 0, i7: 0, reason: 'slow', reasonText: 'CCCD 001234567890' }),
        { 'content-type': 'application/json' },
      );
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({
        code: dossier.code,
        unit: 'cb-d1-c1',
        instrument: 'rating@1',
      });
      expect(await storedRating(token)).toMatchObject({
        overall: 0,
        reason: 'slow',
        reasonText: `CCCD ${MASKS.id}`,
      });
    });

    it('refuses a second rating with 409 (page and JSON) and keeps the first', async () => {
      const { token, path } = await registerOne(app, key);
      expect((await post(path, formBody(answers))).status).toBe(201);
      const again = await post(path, formBody({ ...answers, overall: '0', reason: 'slow' }));
      expect(again.status).toBe(409);
      expect(await again.text()).toContain('Hồ sơ đã được đánh giá');
      const json = await post(path, JSON.stringify({ overall: 1, i3: 1, i4: 1, i7: 1 }), {
        'content-type': 'application/json',
      });
      expect(json.status).toBe(409);
      expect(((await json.json()) as { error: { code: string } }).error.code).toBe('conflict');
      expect((await storedRating(token))?.overall).toBe(2);
      const page = await app.request(path);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Hồ sơ này đã được đánh giá');
      expect(html).not.toContain('<form');
    });

    it('shows the form again (422) naming the bad fields and keeping the answers; stores nothing', async () => {
      const { token, path } = await registerOne(app, key);
      const res = await post(path, formBody({ overall: '0', i3: '1', comment: 'Chờ <lâu> & mệt' }));
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('role="alert"');
      for (const field of ['reason', 'i4', 'i7']) expect(html).toContain(`href="#q-${field}"`);
      expect(html).toContain('id="overall-0" name="overall" value="0" checked');
      expect(html).toContain('id="i3-1" name="i3" value="1" checked');
      expect(html).toContain('Chờ &lt;lâu&gt; &amp; mệt</textarea>');
      expect(await storedRating(token)).toBeUndefined();
    });

    it('answers invalid JSON answers with 422 JSON naming the fields', async () => {
      const { token, path } = await registerOne(app, key);
      const res = await post(
        path,
        JSON.stringify({ ...answers, i7: 5, comment: 'x'.repeat(COMMENT_MAX + 1) }),
        {
          'content-type': 'application/json',
        },
      );
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { fields: { field: string }[] } };
      expect(body.error.fields.map((field) => field.field).sort()).toEqual(['comment', 'i7']);
      expect(await storedRating(token)).toBeUndefined();
    });

    it('refuses SIPAS answers for a unit without SIPAS and takes them for one with it', async () => {
      const plain = await registerOne(app, key);
      const refused = await post(plain.path, formBody({ ...answers, s1: '5' }));
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('href="#q-s1"');
      const sipas = await registerOne(app, key, { unit: 'cb-sipas' });
      expect((await post(sipas.path, formBody({ ...answers, s1: '5', s2: '4', s5: '1' }))).status).toBe(201);
      expect((await storedRating(sipas.token))?.sipas).toEqual({ s1: 5, s2: 4, s5: 1 });
    });

    it('refuses a filled honeypot (422) and stores nothing', async () => {
      const { token, path } = await registerOne(app, key);
      expect((await post(path, formBody({ ...answers, website: 'x' }))).status).toBe(422);
      expect(await storedRating(token)).toBeUndefined();
    });

    it('accepts the longest valid form: a full Vietnamese comment and reason, percent-encoded', async () => {
      const { token, path } = await registerOne(app, key);
      const body = formBody({
        overall: '0',
        i3: '0',
        i4: '0',
        i7: '0',
        reason: 'other',
        reasonText: 'ạ'.repeat(500),
        comment: 'ạ'.repeat(COMMENT_MAX),
        lang: 'vi',
        website: '',
      });
      expect(body.length).toBeGreaterThan(13 * 1024);
      expect((await post(path, body)).status).toBe(201);
      expect((await storedRating(token))?.comment).toHaveLength(COMMENT_MAX);
    });

    it('refuses a body over 16 KB with 413 and stores nothing', async () => {
      const { token, path } = await registerOne(app, key);
      const res = await post(path, formBody({ ...answers, comment: 'a'.repeat(17 * 1024) }));
      expect(res.status).toBe(413);
      expect(await res.text()).toContain('quá lớn');
      expect(await storedRating(token)).toBeUndefined();
    });

    it('refuses other media types (415) and malformed JSON (400)', async () => {
      const { token, path } = await registerOne(app, key);
      expect((await post(path, 'overall=2', { 'content-type': 'text/plain' })).status).toBe(415);
      expect((await post(path, '{"overall":', { 'content-type': 'application/json' })).status).toBe(400);
      expect(await storedRating(token)).toBeUndefined();
    });

    it('answers malformed requests with a 4xx, never a 5xx', async () => {
      const { token, path } = await registerOne(app, key);
      const statuses = {
        badEscapeInPath: (await app.request('/r/%ZZ')).status,
        badEscapeInBody: (await post(path, 'overall=%ZZ&i3=2')).status,
        multipart: (await post(path, 'garbage', { 'content-type': 'multipart/form-data; boundary=x' }))
          .status,
        jsonNull: (await post(path, 'null', { 'content-type': 'application/json' })).status,
        jsonArray: (await post(path, '[2,2,2,2]', { 'content-type': 'application/json' })).status,
        noContentType: (await app.request(path, { method: 'POST', body: 'overall=2' })).status,
        oddLang: (await app.request(`${path}?lang=<script>`)).status,
      };
      expect(statuses).toEqual({
        badEscapeInPath: 400,
        badEscapeInBody: 422,
        multipart: 415,
        jsonNull: 400,
        jsonArray: 400,
        noContentType: 415,
        oddLang: 200,
      });
      expect(await storedRating(token)).toBeUndefined();
    });

    it('answers a forged token 400 and an expired one 410, storing nothing', async () => {
      const { token } = await registerOne(app, key);
      const forged = `${token.slice(0, 30)}${token[30] === 'A' ? 'B' : 'A'}${token.slice(31)}`;
      expect((await post(`/r/${forged}`, formBody(answers))).status).toBe(400);
      const keyring = await stack.deps.keyring.get();
      const expired = signToken(keyring, await ridOf(token), new Date(Date.now() - 1000));
      const res = await post(`/r/${expired}`, JSON.stringify(answers), {
        'content-type': 'application/json',
      });
      expect(res.status).toBe(410);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('expired_token');
      expect(await storedRating(token)).toBeUndefined();
    });

    it('limits submissions per link: the 11th within 10 minutes gets a 429 page with Retry-After', async () => {
      const { token, path } = await registerOne(app, key);
      for (let attempt = 0; attempt < 10; attempt++) {
        expect((await post(path, formBody({ overall: '2' }))).status).toBe(422);
      }
      const limited = await post(path, formBody(answers));
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(600);
      expect(await limited.text()).toContain('Vui lòng thử lại sau');
      expect(await storedRating(token)).toBeUndefined();
      // Another dossier's link is not affected.
      const other = await registerOne(app, key);
      expect((await post(other.path, formBody(answers))).status).toBe(201);
    });
  });

  describe('thank-you page', () => {
    it('sends a visitor of a dossier not rated yet back to the form (303)', async () => {
      const { path } = await registerOne(app, key);
      const res = await app.request(`${path}/thanks?lang=en`);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${path}?lang=en`);
    });

    it('answers a forged token with a 400 page', async () => {
      expect((await app.request(`/r/${'A'.repeat(44)}/thanks`)).status).toBe(400);
    });
  });

  describe('QR codes and label', () => {
    it('serves a PNG QR code that decodes to the rating link', async () => {
      const { dossier } = await registerOne(app, key);
      const res = await app.request(dossier.qrPngUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data).toBe(dossier.ratingUrl);
    });

    it('serves an SVG QR code', async () => {
      const { dossier } = await registerOne(app, key);
      const res = await app.request(dossier.qrSvgUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('image/svg+xml');
      expect(await res.text()).toMatch(/^<svg [^>]*viewBox/);
    });

    it('refuses QR codes of a forged link (400)', async () => {
      expect((await app.request(`/r/${'A'.repeat(44)}/qr.png`)).status).toBe(400);
      expect((await app.request(`/r/${'A'.repeat(44)}/qr.svg`)).status).toBe(400);
    });

    it('prints a label with the unit, the call to scan, the dossier code and the QR inline', async () => {
      const { dossier } = await registerOne(app, key);
      const res = await app.request(dossier.labelUrl);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('Xã Một Một');
      expect(html).toContain('Quét mã để đánh giá dịch vụ');
      expect(html).toContain(dossier.code);
      expect(html).toMatch(/<div class="qr"><svg /);
    });

    it('refuses the label of a forged link (400 page)', async () => {
      const res = await app.request(`/r/${'A'.repeat(44)}/label`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('text/html');
    });

    it('keeps the QR of a full link with a long provincial base URL at version 6 or lower (level M)', async () => {
      const { token } = await registerOne(app, key);
      const url = `https://danhgia.dichvucong.caobang.gov.vn/r/${token}`;
      const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
      expect(qr.version).toBeLessThanOrEqual(6);
    });
  });
});
