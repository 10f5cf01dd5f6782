/**
 * Import rules of the product's code (issue #20), run by `npm run lint` (`npm run lint:deps`):
 * - no import cycle in shared/, functions/ or local/ (type-only imports included: a cycle of types
 *   is a knot in the design too);
 * - no route file importing another route file: what routes share lives in shared/.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: move what both sides need into a module both import (docs/architecture.md).',
      from: { path: '^(shared|functions|local)/' },
      to: { circular: true },
    },
    {
      name: 'no-route-to-route',
      severity: 'error',
      comment: 'A route file imports another route file: move what they share into shared/.',
      from: { path: '^functions/[^/]+/routes/' },
      to: { path: '^functions/[^/]+/routes/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|coverage|reports)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
