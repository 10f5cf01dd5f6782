/**
 * `GET /docs`: a readable HTML reference generated from the OpenAPI document — one self-contained
 * page, inline CSS, no scripts and no external requests.
 */
import { html, raw } from 'hono/html';

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
}

function schemaSummary(schema: Json | undefined): string {
  if (!schema) return '';
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).join(' | ');
  const parts = [String(schema.type ?? '')];
  if (typeof schema.pattern === 'string') parts.push(`pattern ${schema.pattern}`);
  if (schema.minimum !== undefined) parts.push(`≥ ${String(schema.minimum)}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${String(schema.maximum)}`);
  if (schema.maxLength !== undefined) parts.push(`≤ ${String(schema.maxLength)} chars`);
  return parts.filter(Boolean).join(', ');
}

/** The fields of a JSON request body, one row each. */
function bodyTable(requestBody: Json | undefined) {
  const content = requestBody?.content as Record<string, { schema?: Json }> | undefined;
  const schema = content?.['application/json']?.schema;
  const properties = (schema?.properties as Record<string, Json> | undefined) ?? {};
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  const names = Object.keys(properties);
  if (names.length === 0) return '';
  return html`<table>
    <tr>
      <th>body field</th>
      <th>required</th>
      <th>schema</th>
    </tr>
    ${names.map(
      (name) =>
        html`<tr>
          <td><code>${name}</code></td>
          <td>${required.has(name) ? 'yes' : 'no'}</td>
          <td>${schemaSummary(properties[name])}</td>
        </tr>`,
    )}
  </table>`;
}

/** Inline `code` spans of the descriptions, after escaping. */
const prose = (text: string) =>
  raw(
    text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replace(/`([^`]+)`/g, '<code>$1</code>'),
  );

export function renderDocsPage(document: {
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Json>>;
}): string {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  const body = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${document.info.title} — tài liệu / reference</title>
        <style>
          body {
            font:
              16px/1.5 system-ui,
              sans-serif;
            max-width: 60rem;
            margin: 0 auto;
            padding: 1rem;
            color: #1a1a1a;
          }
          h2 {
            border-top: 1px solid #ccc;
            padding-top: 1rem;
            font-size: 1.15rem;
          }
          .verb {
            display: inline-block;
            min-width: 4rem;
            font-weight: bold;
            color: #0b5394;
            text-transform: uppercase;
          }
          table {
            border-collapse: collapse;
            width: 100%;
            margin: 0.5rem 0;
          }
          th,
          td {
            text-align: left;
            border-bottom: 1px solid #e3e3e3;
            padding: 0.25rem 0.5rem;
            vertical-align: top;
          }
          code {
            background: #f3f3f3;
            padding: 0 0.2rem;
            border-radius: 3px;
          }
          nav a {
            margin-right: 1rem;
          }
        </style>
      </head>
      <body>
        <h1>${document.info.title} <small>v${document.info.version}</small></h1>
        <p>Tài liệu API cho cơ quan / Agency API reference. ${prose(document.info.description)}</p>
        <p>Máy đọc / machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
        <nav>
          ${operations.map((op) => html`<a href="#${op.method}-${op.path}">${op.method.toUpperCase()} ${op.path}</a> `)}
        </nav>
        ${operations.map(({ path, method, operation }) => {
          const parameters = (operation.parameters as Parameter[] | undefined) ?? [];
          const responses = Object.entries((operation.responses as Record<string, Json> | undefined) ?? {});
          return html`<section id="${method}-${path}">
            <h2><span class="verb">${method}</span> <code>${path}</code></h2>
            <p>${prose(String(operation.summary ?? ''))}</p>
            ${operation.description ? html`<p>${prose(String(operation.description))}</p>` : ''}
            ${
              parameters.length
                ? html`<table>
                    <tr>
                      <th>parameter</th>
                      <th>in</th>
                      <th>required</th>
                      <th>schema</th>
                    </tr>
                    ${parameters.map(
                      (p) =>
                        html`<tr>
                          <td><code>${p.name}</code></td>
                          <td>${p.in}</td>
                          <td>${p.required ? 'yes' : 'no'}</td>
                          <td>${schemaSummary(p.schema)}</td>
                        </tr>`,
                    )}
                  </table>`
                : ''
            }
            ${bodyTable(operation.requestBody as Json | undefined)}
            <table>
              <tr>
                <th>status</th>
                <th>answer</th>
              </tr>
              ${responses.map(
                ([status, response]) =>
                  html`<tr>
                    <td>${status}</td>
                    <td>${prose(String(response.description ?? ''))}</td>
                  </tr>`,
              )}
            </table>
          </section>`;
        })}
      </body>
    </html>`;
  return String(body);
}
