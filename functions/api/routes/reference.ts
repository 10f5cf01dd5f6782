/** `GET /openapi.json` and `GET /docs`, without a key (DESIGN §8). */
import { Hono } from 'hono';
import { renderDocsPage } from '../../../shared/http/docs-page';
import { openApiDocument } from '../../../shared/http/openapi';

export function referenceRoutes(publicBaseUrl?: string) {
  return new Hono()
    .get('/openapi.json', (c) => c.json(openApiDocument(publicBaseUrl)))
    .get('/docs', async (c) => c.html(renderDocsPage(openApiDocument(publicBaseUrl))));
}
