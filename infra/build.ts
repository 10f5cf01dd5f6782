/**
 * THE build of the Lambda bundles. The CDK construct (at synth) and the benchmarks both call it, so
 * what is measured is what is deployed: esbuild, bundled, minified ESM (`.mjs`), Node 22, source maps,
 * tree-shaken, with a `createRequire` banner so CommonJS dependencies that `require()` Node built-ins
 * still work inside an ES module. Synchronous (buildSync) because CDK synthesis is synchronous; no
 * Docker is needed.
 */
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `infra/`). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One entry per Lambda function; the key is the function's name and its output folder. */
export const FUNCTION_ENTRIES = {
  public: 'functions/public/index.ts',
  api: 'functions/api/index.ts',
  aggregate: 'functions/aggregate/index.ts',
  notify: 'functions/notify/index.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;

/** The file name of every bundle; the Lambda handler is `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';
export const HANDLER = 'index.handler';

/** Lets bundled CommonJS code call `require` (and read `__dirname`) inside an ES module. */
const CREATE_REQUIRE_BANNER = [
  "import { createRequire as __hailongCreateRequire } from 'node:module';",
  "import { fileURLToPath as __hailongFileURLToPath } from 'node:url';",
  "import { dirname as __hailongDirname } from 'node:path';",
  'const require = __hailongCreateRequire(import.meta.url);',
  'const __filename = __hailongFileURLToPath(import.meta.url);',
  'const __dirname = __hailongDirname(__filename);',
].join('\n');

/**
 * The zod the configuration is parsed with (shared/config.ts imports `#config-zod`, which is `zod/mini`
 * elsewhere): zod's own TypeScript sources, the same version as its build, so its files are not the
 * files the pages' schemas import. esbuild's code splitting assigns whole files to chunks: with one
 * shared copy, every zod schema type any lazily loaded page uses landed in the chunk the entry loads
 * at start (~15 KB more on the public function's cold path, DESIGN §7). zod keeps its global state on
 * `globalThis`, made for more than one copy in a process.
 */
export const CONFIG_ZOD = './node_modules/zod/src/v4/mini/index.ts';

/**
 * The entries given {@link CONFIG_ZOD}: the public function, whose other zod code all loads lazily.
 * The api, aggregate and notify functions load zod at start anyway; a second copy would only add
 * ~19 KB to their cold path. Elsewhere `#config-zod` resolves to `zod/mini` (package.json).
 */
const OWN_CONFIG_ZOD_ENTRIES: readonly string[] = [FUNCTION_ENTRIES.public];

/** The esbuild settings of every bundle (the benchmarks' floor bundle uses them too). */
export function bundleOptions(entry: string, outdir: string): BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: { index: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    minify: true,
    treeShaking: true,
    // Code behind a dynamic `import()` (the Secrets Manager client, loaded on first use) goes to its own
    // chunk, so a cold start does not even parse it.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // Prefer ES module builds of dependencies: they tree-shake.
    mainFields: ['module', 'main'],
    ...(OWN_CONFIG_ZOD_ENTRIES.includes(entry) ? { alias: { '#config-zod': CONFIG_ZOD } } : {}),
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    banner: { js: CREATE_REQUIRE_BANNER },
    metafile: true,
    logLevel: 'warning',
  };
}

export interface BuiltBundle {
  /** The folder handed to Lambda (`Code.fromAsset`). */
  dir: string;
  /** The bundle itself, `<dir>/index.mjs`. */
  file: string;
  metafile: Metafile;
}

/** Bundles any entry into `outdir` (emptied first) with the settings of {@link bundleOptions}. */
export function buildBundle(entry: string, outdir: string): BuiltBundle {
  const dir = resolve(ROOT, outdir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = buildSync(bundleOptions(entry, dir));
  if (result.errors.length > 0) throw new Error(`esbuild failed for ${entry}`);
  return { dir, file: join(dir, BUNDLE_FILE), metafile: mergeColdPath(dir, result.metafile!) };
}

/**
 * Puts the cold path in one file. esbuild's code splitting gives every set of modules shared by the
 * entry and a lazily loaded chunk a chunk of its own, so a cold start opened, compiled and linked up
 * to 14 files where one would do. This second pass bundles the entry with every chunk it imports
 * statically into `index.mjs` (chunks behind a dynamic `import()` stay where they are), which
 * re-exports each merged chunk's bindings under a prefixed name; each merged chunk's file becomes a
 * one-line shim re-exporting them from `../index.mjs` under the old names, so the lazy chunks, which
 * import the shims, are untouched and share the entry's module instances. Source maps follow (esbuild
 * reads the first pass's). Returns the metafile of the result.
 */
function mergeColdPath(dir: string, metafile: Metafile): Metafile {
  const outputs = metafile.outputs;
  const abs = (path: string) => resolve(ROOT, path);
  const entry = Object.keys(outputs).find((path) => abs(path) === join(dir, BUNDLE_FILE));
  if (!entry) throw new Error(`no ${BUNDLE_FILE} in ${dir}`);
  const cold = new Set<string>();
  const pending = [...outputs[entry]!.imports];
  while (pending.length > 0) {
    const imported = pending.pop()!;
    if (imported.kind !== 'import-statement' || !outputs[imported.path] || cold.has(imported.path)) continue;
    cold.add(imported.path);
    pending.push(...outputs[imported.path]!.imports);
  }
  if (cold.size === 0) return metafile;
  const lazy = Object.keys(outputs).filter(
    (path) => path.endsWith('.mjs') && path !== entry && !cold.has(path),
  );
  const prefixes = new Map([...cold].map((path, i) => [path, `c${i}$`]));
  const reexports = [...cold].map((path) => {
    const names = outputs[path]!.exports.map((name) => `${name} as ${prefixes.get(path)}${name}`);
    return `export { ${names.join(', ')} } from './${relative(dir, abs(path))}';`;
  });
  const result = buildSync({
    ...bundleOptions(entry, dir),
    entryPoints: undefined,
    stdin: {
      contents: [`export * from './${BUNDLE_FILE}';`, ...reexports].join('\n'),
      resolveDir: dir,
      sourcefile: 'cold-path.mjs',
      loader: 'js',
    },
    outfile: join(dir, BUNDLE_FILE),
    outdir: undefined,
    write: false,
    allowOverwrite: true,
    outExtension: undefined,
    splitting: false,
    chunkNames: undefined,
    banner: undefined,
    external: lazy.map(abs),
  });
  if (result.errors.length > 0) throw new Error(`merging the cold path of ${dir} failed`);
  const shims = new Map<string, number>();
  for (const path of cold) {
    const names = outputs[path]!.exports.map((name) => `${prefixes.get(path)}${name} as ${name}`);
    const index = relative(dirname(abs(path)), join(dir, BUNDLE_FILE));
    const shim = `export { ${names.join(', ')} } from './${index}';\n`;
    writeFileSync(abs(path), shim);
    shims.set(path, Buffer.byteLength(shim));
    rmSync(`${abs(path)}.map`, { force: true });
  }
  for (const file of result.outputFiles!) writeFileSync(file.path, file.contents);
  const mergedEntry = result.metafile!.outputs[entry]!;
  const rest = Object.fromEntries(Object.entries(outputs).filter(([path]) => path !== entry));
  for (const path of cold) {
    delete rest[`${path}.map`];
    rest[path] = {
      ...outputs[path]!,
      bytes: shims.get(path)!,
      imports: [{ path: entry, kind: 'import-statement' }],
    };
  }
  return {
    inputs: metafile.inputs,
    outputs: {
      ...rest,
      [entry]: { ...mergedEntry, imports: outputs[entry]!.imports.filter((i) => !cold.has(i.path)) },
    },
  };
}

/** The output folder of a function's bundle. */
export const functionOutDir = (name: FunctionName) => join(ROOT, 'dist', 'functions', name);

/** Builds one Lambda function into `dist/functions/<name>/`. */
export function buildFunction(name: FunctionName): BuiltBundle {
  return buildBundle(FUNCTION_ENTRIES[name], functionOutDir(name));
}

/** `npx tsx infra/build.ts [name…]` builds the named functions (all by default). */
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = (process.argv.slice(2) as FunctionName[]).filter((name) => name in FUNCTION_ENTRIES);
  for (const name of names.length > 0 ? names : (Object.keys(FUNCTION_ENTRIES) as FunctionName[])) {
    const bundle = buildFunction(name);
    console.log(`${name}: ${bundle.file}`);
  }
}
