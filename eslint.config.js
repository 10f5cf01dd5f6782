// ESLint (flat config) with typescript-eslint; formatting is Prettier's job.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'dist/', '.data/', 'coverage/', 'test-results/'] },
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
      // `import { z } from 'zod/mini'` bundles every zod locale (~430 KB, measured with esbuild);
      // `import * as z` tree-shakes to ~25 KB. The Lambda cold-start budget depends on it (DESIGN §7).
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod/mini'] > ImportSpecifier[imported.name='z']",
          message: "Use `import * as z from 'zod/mini'` (the named `z` pulls every locale into the bundle).",
        },
      ],
    },
  },
  {
    files: ['functions/public/assets/**', 'shared/views/**/*.client.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
