import { describe, expect, it } from 'vitest';
import { renderDocsPage } from '../../shared/http/docs-page';
import { openApiDocument } from '../../shared/http/openapi';

describe('the /docs reference page', () => {
  const page = renderDocsPage({
    info: { title: 'hailong agency API', version: '1', description: 'Use `Authorization`.' },
    paths: {
      '/v1/things': {
        post: {
          summary: 'Make a <script>alert(1)</script> thing',
          parameters: [
            { name: 'unit', in: 'query', required: true, schema: { type: 'string', pattern: '^[a-z]+$' } },
          ],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { code: { type: 'string', maxLength: 64 } },
                  required: ['code'],
                },
              },
            },
          },
          responses: { '201': { description: '`{ code }`' } },
        },
      },
    },
  });

  it('lists each operation with its parameters, body fields and answers', () => {
    expect(page).toContain('<code>/v1/things</code>');
    expect(page).toMatch(
      /<code>unit<\/code><\/td>\s*<td>query<\/td>\s*<td>yes<\/td>\s*<td>string, pattern \^\[a-z\]\+\$<\/td>/,
    );
    expect(page).toMatch(/<code>code<\/code><\/td>\s*<td>yes<\/td>\s*<td>string, ≤ 64 chars<\/td>/);
    expect(page).toContain('<code>{ code }</code>');
  });

  it('escapes the text it is given and makes no external request', () => {
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
    expect(page).not.toMatch(/(src|href)="https?:/);
  });
});

describe('the /docs page of the real document', () => {
  const document = openApiDocument('https://danhgia.example.gov.vn');
  const page = renderDocsPage(document);

  it('shows the body of POST /v1/dossiers: one dossier, or a batch of them', () => {
    const section = page.slice(page.indexOf('id="post-/v1/dossiers"'), page.indexOf('id="get-/v1/scores"'));
    for (const field of ['code', 'unit', 'procedure', 'receivedAt', 'dueAt', 'returnedAt']) {
      expect(section).toContain(`<code>${field}</code>`);
    }
    expect(section).toContain('or { &quot;dossiers&quot;: [ … ] } of these');
    expect(section).toContain('schema RegisteredDossiers');
  });

  it('gives every operation a runnable curl example built from the document', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method}-${path}`),
    );
    expect(operations.length).toBeGreaterThan(15);
    const examples = page.match(/<pre><code>curl /g) ?? [];
    expect(examples).toHaveLength(operations.length);
    expect(page).toContain(
      'curl -sS -X GET &#39;https://danhgia.example.gov.vn/v1/scores?unit=cb&amp;from=2026-01-01&amp;to=2026-06-30&amp;method=tt01&amp;groupBy=month&#39;',
    );
    // Public pages need no key; agency calls say where it goes.
    const health = page.slice(page.indexOf('id="get-/healthz"'));
    expect(health.slice(0, health.indexOf('</section>'))).not.toContain('Authorization');
    expect(page).toContain('-H &quot;Authorization: Bearer $HAILONG_KEY&quot;');
  });
});
