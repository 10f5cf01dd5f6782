// ESLint (flat config) with typescript-eslint; formatting is Prettier's job.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cdk.out/',
      'dist/',
      '.data/',
      'coverage/',
      'test-results/',
      'reports/',
      '.stryker-tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `import { z } from 'zod/mini'` goes through zod's `export * as z` namespace, which esbuild cannot
      // tree-shake: the bundle gets all of zod (~420 KB, locales and JSON Schema included) instead of
      // ~13 KB, and the public function misses its cold-start budget (BENCHMARKS.md).
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod/mini'] > ImportSpecifier[imported.name='z']",
          message:
            "Use `import * as z from 'zod/mini'`: the named `z` import bundles all of zod (see BENCHMARKS.md).",
        },
      ],
    },
  },
  {
    files: ['functions/public/assets/**', 'shared/views/**/*.client.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
