/**
 * The rating page's weight and the QR code's size (DESIGN §7, issue 5): the HTML of GET /r/{token}
 * with its inline CSS must fit in 14 KB (one TCP round trip), with no external request; the full
 * rating link must fit a QR code of version 6 or lower at error-correction level M.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import QRCode from 'qrcode';
import { createLocalApp } from '../local/app';
import { ensureTable, startDynalite } from '../local/dynalite';
import { parseConfig } from '../shared/config';
import { createKeyring, staticKeyringSource } from '../shared/keyring';
import { createApiKey } from '../shared/storage/api-keys';
import { createDocumentClient } from '../shared/storage/client';
import { putProcedures } from '../shared/storage/procedures';
import { importUnits } from '../shared/storage/units';

const LONG_BASE = 'https://danhgia.dichvucong.caobang.gov.vn';

async function main() {
  const dynamo = await startDynalite();
  await ensureTable(dynamo.endpoint, 'bench-page');
  const db = createDocumentClient({ endpoint: dynamo.endpoint });
  const deps = {
    store: { db, tableName: 'bench-page' },
    config: parseConfig({ TABLE_NAME: 'bench-page', PUBLIC_BASE_URL: LONG_BASE }),
    keyring: staticKeyringSource(createKeyring()),
    now: () => new Date(),
  };
  await importUnits(deps.store, [
    { id: 'cb', name: 'Tỉnh Cao Bằng', kind: 'province', parent: null },
    {
      id: 'cb-hcc',
      name: 'Trung tâm Phục vụ hành chính công tỉnh Cao Bằng',
      kind: 'agency',
      parent: 'cb',
      sipas: true,
    },
  ]);
  await putProcedures(deps.store, [
    {
      code: '1.004227',
      name: 'Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất',
      field: 'Đất đai',
      processingDays: 30,
    },
  ]);
  await createApiKey(deps.store, 'bench-key-0123456789', {
    name: 'bench',
    unit: 'cb',
    permissions: ['dossiers:write'],
  });
  const app = createLocalApp(deps);
  const now = Date.now();
  const registered = await app.request('/v1/dossiers', {
    method: 'POST',
    headers: { authorization: 'Bearer bench-key-0123456789', 'content-type': 'application/json' },
    body: JSON.stringify({
      code: 'H10.22.17-250612-0001',
      unit: 'cb-hcc',
      procedure: '1.004227',
      applicantType: 'citizen',
      channel: 'counter',
      receivedAt: new Date(now - 20 * 86_400_000).toISOString(),
      dueAt: new Date(now - 86_400_000).toISOString(),
      returnedAt: new Date(now - 2 * 86_400_000).toISOString(),
    }),
  });
  if (registered.status !== 201) throw new Error(`registration answered ${registered.status}`);
  const body = (await registered.json()) as { dossiers?: { ratingUrl: string }[]; ratingUrl?: string };
  const ratingUrl = body.dossiers?.[0]?.ratingUrl ?? body.ratingUrl;
  if (!ratingUrl) throw new Error('no ratingUrl in the registration answer');

  const results = [];
  for (const lang of ['vi', 'en']) {
    const page = await app.request(`${new URL(ratingUrl).pathname}${lang === 'en' ? '?lang=en' : ''}`);
    const html = await page.text();
    const bytes = Buffer.byteLength(html);
    const external = /(src|href)=["']?(https?:)?\/\//i.test(html);
    results.push({
      what: `rating page (${lang}, SIPAS shown)`,
      bytes,
      gzip: gzipSync(html).length,
      budget: 14 * 1024,
      external,
    });
  }
  const qr = QRCode.create(ratingUrl, { errorCorrectionLevel: 'M' });
  const qrResult = { link: ratingUrl, length: ratingUrl.length, version: qr.version, budget: 6 };

  console.log('\nRating page (GET /r/{token}, HTML with inline CSS)');
  console.table(
    results.map((r) => ({
      page: r.what,
      bytes: r.bytes,
      'gzip bytes': r.gzip,
      'share of 14 KB': `${((r.bytes / r.budget) * 100).toFixed(0)}%`,
      'external requests': r.external ? 'YES' : 'none',
    })),
  );
  console.log(
    `QR code of a full link (${qrResult.length} characters, base ${LONG_BASE}): version ${qr.version} at level M (budget ≤ 6)`,
  );
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/page.json', JSON.stringify({ pages: results, qr: qrResult }, null, 2));
  db.destroy();
  await dynamo.close();
}

await main();
