// `npm run admin` / `npm run aggregate`: runs the command-line tool from an esbuild bundle made on first
// use (node_modules/.cache/hailong-cli/), instead of compiling TypeScript at every run with tsx
// (3–5 s a command, issue 13). The bundle is rebuilt when any of its source files changed since it
// was made (their modification times are kept beside it). Plain JavaScript: it must start without tsx.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOOLS = { admin: 'local/admin.ts', aggregate: 'local/aggregate.ts' };

/** True when every source recorded for the bundle still has the modification time it was built from. */
async function fresh(inputsFile) {
  let inputs;
  try {
    inputs = JSON.parse(await readFile(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  const checks = await Promise.all(
    Object.entries(inputs).map(([file, mtime]) =>
      stat(join(root, file)).then(
        (info) => info.mtimeMs === mtime,
        () => false,
      ),
    ),
  );
  return checks.every(Boolean);
}

/**
 * Bundles the tool with its packages (one file parses faster than hundreds of modules), except native
 * and self-locating ones, and records its sources: ours by modification time, packages through
 * package-lock.json.
 */
export async function build(name, outDir) {
  const { build: esbuild } = await import('esbuild');
  const outfile = join(outDir, `${name}.mjs`);
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: [TOOLS[name]],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['dynalite', 'classic-level', 'esbuild', '@resvg/*'],
    // Packages written as CommonJS call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __hailongRequire } from 'node:module'; const require = __hailongRequire(import.meta.url);",
    },
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    outfile,
    logLevel: 'error',
  });
  const inputs = {};
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  for (const file of [...sources, 'package-lock.json']) inputs[file] = (await stat(join(root, file))).mtimeMs;
  await writeFile(join(outDir, `${name}.inputs.json`), JSON.stringify(inputs));
  return outfile;
}

/** Where bundles are kept: HAILONG_CLI_CACHE (the benchmark uses a scratch one), else node_modules/.cache. */
const cacheDir = () => process.env.HAILONG_CLI_CACHE || join(root, 'node_modules', '.cache', 'hailong-cli');

export async function bundleFor(name, outDir = cacheDir()) {
  if (!(name in TOOLS)) throw new Error(`unknown tool ${name}; one of ${Object.keys(TOOLS).join(', ')}`);
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  return (await fresh(join(outDir, `${name}.inputs.json`))) ? outfile : build(name, outDir);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const name = process.argv[2];
  // The tool reads its own arguments from process.argv.slice(2), as when run directly.
  process.argv.splice(2, 1);
  const bundle = await bundleFor(name);
  await (await import(pathToFileURL(bundle).href)).main();
}
