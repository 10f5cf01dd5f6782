/**
 * Import rules of the product's code (issue #20), run by `npm run lint` (`npm run lint:deps`):
 * - no import cycle in shared/, functions/ or local/ (type-only imports included: a cycle of types
 *   is a knot in the design too);
 * - no route file importing another route file: what routes share lives in shared/;
 * - storage never importing the aggregation (which imports storage): the dossier's rules storage
 *   needs live in the pure model, shared/dossier/. One import is known and named below until it moves.
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
    {
      name: 'storage-not-aggregation',
      severity: 'error',
      comment:
        'shared/storage imports shared/aggregation: take what it needs from the pure model, shared/dossier/ (docs/architecture.md).',
      // The one known exception (issue #20, named in docs/architecture.md): the final rule's guard in
      // dossier-reports.ts counts a change with the nightly counting (`snapshotDelta` of
      // shared/aggregation/dossier-life.ts), to refuse exactly the changes that touch a final day.
      from: { path: '^shared/storage/', pathNot: '^shared/storage/dossier-reports\\.ts$' },
      to: { path: '^shared/aggregation/' },
    },
    {
      name: 'storage-not-aggregation-known',
      severity: 'error',
      comment: 'dossier-reports.ts may import the counting of shared/aggregation/dossier-life.ts only.',
      from: { path: '^shared/storage/dossier-reports\\.ts$' },
      to: { path: '^shared/aggregation/', pathNot: '^shared/aggregation/dossier-life\\.ts$' },
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
