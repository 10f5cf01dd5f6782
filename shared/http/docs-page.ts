/**
 * `GET /docs`: a readable HTML reference generated from the OpenAPI document — one self-contained
 * page, inline CSS, no scripts and no external requests. Each operation shows its parameters, the
 * fields of its request body (every alternative of a union, `$ref`s resolved), its answers with their
 * schema names, and a runnable `curl` built from the document's examples.
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

/** The schema a `$ref` points to in the document's components. */
function resolve(schema: Json | undefined, components: Json | undefined): Json | undefined {
  const ref = typeof schema?.$ref === 'string' ? schema.$ref : undefined;
  if (!ref) return schema;
  const name = ref.split('/').pop() ?? '';
  return ((components?.schemas as Record<string, Json> | undefined) ?? {})[name];
}

function fieldsTable(schema: Json | undefined, caption: string) {
  const properties = (schema?.properties as Record<string, Json> | undefined) ?? {};
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  const names = Object.keys(properties);
  if (names.length === 0) return '';
  return html`<table>
    <caption>
      ${caption}
    </caption>
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

/** The fields of a request body (JSON, else a form), one table per alternative of a union. */
function bodyTable(requestBody: Json | undefined, components?: Json) {
  const content = requestBody?.content as Record<string, { schema?: Json }> | undefined;
  const media = content?.['application/json'] ?? content?.['application/x-www-form-urlencoded'];
  const schema = resolve(media?.schema, components);
  const variants = (schema?.anyOf ?? schema?.oneOf) as Json[] | undefined;
  if (!variants) return fieldsTable(schema, 'Request body');
  return variants.map((variant, index) => {
    const resolved = resolve(variant, components);
    const batch = resolved?.properties as Record<string, Json> | undefined;
    // `{ dossiers: [ ... ] }`: show the item's fields, saying they come in an array.
    const [arrayName, array] = Object.entries(batch ?? {}).find(([, p]) => p.type === 'array') ?? [];
    return arrayName && Object.keys(batch ?? {}).length === 1
      ? fieldsTable(
          resolve(array?.items as Json, components),
          `or { "${arrayName}": [ … ] } of these (${String(array?.minItems ?? 1)}–${String(array?.maxItems ?? '')})`,
        )
      : fieldsTable(resolved, index === 0 ? 'Request body' : 'or');
  });
}

/** The first example of a request body, from `example` or `examples`. */
function bodyExample(requestBody: Json | undefined): unknown {
  const content = requestBody?.content as
    Record<string, { example?: unknown; examples?: Record<string, { value?: unknown }> }> | undefined;
  const json = content?.['application/json'];
  if (!json) return undefined;
  return json.example ?? Object.values(json.examples ?? {})[0]?.value;
}

/** A `curl` command that runs the operation against the document's server with its examples. */
export function curlExample(
  server: string,
  path: string,
  method: string,
  operation: Json,
  secured: boolean,
): string {
  const parameters = (operation.parameters as (Parameter & { example?: unknown })[] | undefined) ?? [];
  let url = path;
  const query: string[] = [];
  for (const parameter of parameters) {
    if (parameter.example === undefined) continue;
    const values = Array.isArray(parameter.example) ? parameter.example : [parameter.example];
    if (parameter.in === 'path')
      url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(values[0])));
    else if (parameter.in === 'query') {
      for (const value of values) query.push(`${parameter.name}=${encodeURIComponent(String(value))}`);
    }
  }
  const security = operation.security as unknown[] | undefined;
  const lines = [
    `curl -sS -X ${method.toUpperCase()} '${server}${url}${query.length ? `?${query.join('&')}` : ''}'`,
  ];
  if (secured && !(Array.isArray(security) && security.length === 0))
    lines.push(`-H "Authorization: Bearer $HAILONG_KEY"`);
  const body = bodyExample(operation.requestBody as Json | undefined);
  if (body !== undefined) {
    lines.push(`-H 'content-type: application/json'`);
    lines.push(`--data '${JSON.stringify(body, null, 2).replaceAll("'", "'\\''")}'`);
  }
  return lines.join(' \\\n  ');
}

/** ` — schema Name` for an answer (or a shared answer) whose JSON has a named schema. */
function schemaName(response: Json, components?: Json): string {
  const shared = typeof response.$ref === 'string' ? resolveResponse(response.$ref, components) : response;
  const content = shared?.content as Record<string, { schema?: Json }> | undefined;
  const ref = content?.['application/json']?.schema?.$ref;
  const description = shared && shared !== response ? String(shared.description ?? '') : '';
  return `${description}${typeof ref === 'string' ? ` — schema ${ref.split('/').pop()}` : ''}`;
}

function resolveResponse(ref: string, components?: Json): Json | undefined {
  return ((components?.responses as Record<string, Json> | undefined) ?? {})[ref.split('/').pop() ?? ''];
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
  servers?: { url: string }[];
  security?: unknown[];
  components?: Json;
  paths: Record<string, Record<string, Json>>;
}): string {
  const server = document.servers?.[0]?.url ?? '';
  const secured = (document.security?.length ?? 0) > 0;
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
          pre {
            background: #f3f3f3;
            padding: 0.5rem;
            overflow-x: auto;
          }
          caption {
            text-align: left;
            font-weight: bold;
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
            ${bodyTable(operation.requestBody as Json | undefined, document.components)}
            <table>
              <tr>
                <th>status</th>
                <th>answer</th>
              </tr>
              ${responses.map(
                ([status, response]) =>
                  html`<tr>
                    <td>${status}</td>
                    <td>
                      ${prose(String(response.description ?? ''))}${schemaName(response, document.components)}
                    </td>
                  </tr>`,
              )}
            </table>
            <p>Ví dụ chạy được / runnable example:</p>
            <pre><code>${curlExample(server, path, method, operation, secured)}</code></pre>
          </section>`;
        })}
      </body>
    </html>`;
  return String(body);
}
