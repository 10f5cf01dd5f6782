/**
 * `npm run lint:openapi`: writes the OpenAPI document the api function serves to a file (default
 * dist/openapi.json), for Redocly's linter and for openapi-typescript.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { openApiDocument } from '../../shared/http/openapi';

const path = process.argv[2] ?? 'dist/openapi.json';
await mkdir(dirname(path), { recursive: true });
await writeFile(path, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`OpenAPI document written to ${path}`);
