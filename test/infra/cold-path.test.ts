/**
 * infra/build.ts puts a bundle's cold path in one file (DESIGN §7's cold start): the entry holds every
 * chunk it imported statically, and the lazily loaded chunks still share its module instances.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, type BuiltBundle } from '../../infra/build';
import { startTestStack, type TestStack } from '../support/stack';

/** Local files an ES module imports statically (`import … from "./x"`, `import "./x"`). */
const staticLocalImports = (code: string) =>
  [...code.matchAll(/(?:^|[;\s}])import\s*(?:[^"'();]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g)].map(
    (m) => m[1],
  );

let dir: string;
let fixture: BuiltBundle;
let publicBundle: BuiltBundle;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  dir = mkdtempSync(join(tmpdir(), 'hailong-cold-path-'));
  fixture = buildBundle('test/fixtures/cold-path/index.ts', join(dir, 'fixture'));
  publicBundle = buildBundle('functions/public/index.ts', join(dir, 'public'));
});

afterAll(async () => {
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `script` in a fresh Node process (not blocking this one: dynalite answers from here). */
const run = async (file: string, script: string) => {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script, pathToFileURL(file).href],
    {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        TABLE_NAME: stack.deps.store.tableName,
        DYNAMODB_ENDPOINT: stack.endpoint,
        SIGNING_KEYS_SECRET_ARN:
          'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:hailong-test-AbCdEf',
        AWS_REGION: 'ap-southeast-1',
      },
    },
  );
  expect(stderr).not.toMatch(/Error/);
  return stdout;
};

describe('the cold path in one file', () => {
  it('imports no file of its own at start, in the fixture and in the public function', () => {
    for (const bundle of [fixture, publicBundle]) {
      const entry = readFileSync(bundle.file, 'utf8');
      expect(staticLocalImports(entry)).toEqual([]);
      // …while the pages are still loaded on first use, from their own chunks.
      expect(entry).toMatch(/import\(["']\.\/chunks\//);
    }
  });

  it('gives the lazily loaded page the entry’s module instances (state and classes)', async () => {
    // The entry counted one load; the page adds one to the same counter and makes a Marker that is
    // the entry's class. With a second copy of `shared.ts` the page would see 1 and `false`.
    const out = await run(
      fixture.file,
      'const m = await import(process.argv[1]); process.stdout.write(JSON.stringify(await m.handler()));',
    );
    expect(JSON.parse(out)).toEqual({ loads: 2, sameMarker: true });
  });

  it('keeps a source map of the merged entry that names the original sources', () => {
    const map = JSON.parse(readFileSync(`${fixture.file}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources.some((source) => source.endsWith('test/fixtures/cold-path/index.ts'))).toBe(true);
    expect(map.sources.some((source) => source.endsWith('test/fixtures/cold-path/shared.ts'))).toBe(true);
  });

  it('keeps the pages’ zod schema types off the public function’s cold path', () => {
    // The configuration (string, number, enum, url) parses with a zod of its own (infra/build.ts
    // CONFIG_ZOD); arrays, unions and ISO dates are the pages' and load with them. With one shared zod,
    // esbuild put the whole of each zod file either side used into the chunk the entry loads.
    const entry = readFileSync(publicBundle.file, 'utf8');
    // (`includes`, not `toContain`: a failure would print the whole bundle.)
    expect(entry.includes('"$ZodObject"')).toBe(true);
    const pageOnly = ['"$ZodArray"', '"$ZodUnion"', '"$ZodISODateTime"'];
    expect(pageOnly.filter((name) => entry.includes(name))).toEqual([]);
    const chunks = readdirSync(join(publicBundle.dir, 'chunks')).map((name) =>
      readFileSync(join(publicBundle.dir, 'chunks', name), 'utf8'),
    );
    expect(chunks.some((code) => code.includes('"$ZodArray"'))).toBe(true);
  });

  it('serves a lazily loaded page from the public bundle', async () => {
    // /s/{campaign} loads the self-assessment routes and the page-error chunk, which import the
    // merged entry's code: a campaign that does not exist answers the HTML "not found" page (the table
    // is a real dynalite).
    const out = await run(
      publicBundle.file,
      `const m = await import(process.argv[1]);
       const path = '/s/no-such-campaign';
       const r = await m.handler({ version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '',
         headers: { host: 'danhgia.example', 'accept-language': 'vi' },
         requestContext: { http: { method: 'GET', path, sourceIp: '203.0.113.1', userAgent: 't' },
           domainName: 'danhgia.example', stage: '$default', requestId: 'r', timeEpoch: 0 },
         isBase64Encoded: false }, {});
       process.stdout.write(JSON.stringify({ status: r.statusCode, html: String(r.body).startsWith('<!doctype html>') }));`,
    );
    expect(JSON.parse(out)).toEqual({ status: 404, html: true });
  });
});
