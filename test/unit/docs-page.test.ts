import { describe, expect, it } from 'vitest';
import { renderDocsPage } from '../../shared/http/docs-page';

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
