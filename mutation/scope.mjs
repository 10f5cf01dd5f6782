// What `npm run mutation` mutates, and the tests run against those mutants (issue #14,
// docs/mutation.md). One entry per group of source files: the files to mutate (globs; `!` excludes)
// and the test files that test them. Adding a file to the check is one line here.
//
// Only the listed tests run against the mutants, not the whole suite: a "static" mutant (in a
// module-level constant, such as a text table or a default threshold) reruns every listed test, so
// keep each list to the tests of its files.
//
// MUTATION_ONLY=time,masking npm run mutation — only the entries whose files' paths contain one of
// those words, with only their tests (a scoped run on a busy machine; its own incremental file;
// the reports then hold those files only).

/** @type {{ mutate: string[]; tests: string[] }[]} */
export const scope = [
  // The index methods and the per-dossier rules.
  {
    mutate: [
      'shared/indexes/**/*.ts',
      '!shared/indexes/period-inputs-join.ts',
      '!shared/indexes/qd766-scorecard.ts',
      '!shared/indexes/qd766.ts',
      '!shared/indexes/qd766-dossier-membership.ts',
    ],
    tests: [
      'test/unit/dossier-rules*.test.ts',
      'test/unit/index-methods*.test.ts',
      'test/unit/integrity.test.ts',
      'test/unit/integrity-counters.test.ts',
      'test/unit/feedback-case-counts.test.ts',
      'test/unit/comment-hash.test.ts',
      'test/unit/qd766.test.ts',
      // The whole scorecard fed by the counters and the read-time facts (issue 22).
      'test/unit/qd766-whole.test.ts',
      // The read-time counters: 5.2's cases within time, 4.6, the transparency inputs (issue 22).
      'test/unit/qd766-read-counters.test.ts',
      'test/integration/integrity-comments.test.ts',
    ],
  },
  // Decision 766 from the counters (issue #22): its own entry, with the tests that reach it, so
  // MUTATION_ONLY=indexes/qd766.ts runs it alone (most of its mutants are "static": the whole
  // scorecard's tests compute it at describe level, so every listed test reruns for each).
  {
    mutate: ['shared/indexes/qd766.ts'],
    tests: [
      'test/unit/qd766.test.ts',
      'test/unit/qd766-whole*.test.ts',
      'test/unit/qd766-read-counters.test.ts',
      'test/unit/feedback-case-counts.test.ts',
      'test/unit/index-methods*.test.ts',
    ],
  },
  // The whole Decision 766 scorecard (issue #22): its own entry, so MUTATION_ONLY=qd766-scorecard runs
  // it with only its tests (the portal's figures and the edges).
  { mutate: ['shared/indexes/qd766-scorecard.ts'], tests: ['test/unit/qd766-scorecard*.test.ts'] },
  // Which dossiers cost a 766 metric its points (issue 22): hand-worked and against the counters.
  {
    mutate: ['shared/indexes/qd766-dossier-membership.ts'],
    tests: ['test/unit/qd766-dossier-membership.test.ts'],
  },
  // The period inputs joined into tt01 at query time (reads of DynamoDB: its tests run on dynalite).
  {
    mutate: ['shared/indexes/period-inputs-join.ts'],
    tests: [
      'test/unit/period-inputs-join*.test.ts',
      'test/integration/period-inputs-join*.test.ts',
      // Decision 766's read-time counters (issue 22): by hand, and on dynalite.
      'test/unit/qd766-read-counters.test.ts',
      'test/integration/qd766-inputs.test.ts',
    ],
  },
  // Digital skills. load.ts is I/O only (a read through the aggregation engine), no rule:
  // test/integration/skills-api.test.ts covers it.
  { mutate: ['shared/skills/**/*.ts', '!shared/skills/load.ts'], tests: ['test/unit/skills-*.test.ts'] },
  { mutate: ['shared/stats.ts'], tests: ['test/unit/wilson.test.ts'] },
  // The one-stop system's sync payload mapped onto the dossier report (pure; issue #23).
  { mutate: ['shared/sync/**/*.ts'], tests: ['test/unit/sync-dvcqg*.test.ts'] },
  // The calendar (days, periods, timeliness) and the one rule for input dates and ranges.
  {
    mutate: ['shared/time.ts', 'shared/date-range.ts'],
    tests: [
      'test/unit/calendar.test.ts',
      'test/unit/periods.test.ts',
      'test/unit/timeliness.test.ts',
      'test/unit/time-*.test.ts',
    ],
  },
  { mutate: ['shared/masking.ts'], tests: ['test/unit/masking*.test.ts'] },
  { mutate: ['shared/tokens.ts'], tests: ['test/unit/tokens*.test.ts'] },
  // Feedback cases: opening, the alerts due, delivery and the local dispatcher, working days, signing.
  {
    mutate: [
      'shared/feedback/opening.ts',
      'shared/feedback/alerts.ts',
      'shared/feedback/delivery.ts',
      'shared/feedback/dispatcher.ts',
      'shared/feedback/working-days.ts',
      'shared/feedback/webhook-signing.ts',
    ],
    tests: [
      'test/unit/webhook-delivery.test.ts',
      'test/unit/webhook-signing.test.ts',
      'test/unit/working-days.test.ts',
      'test/integration/webhook-delivery*.test.ts',
      'test/integration/feedback-alerts-rules.test.ts',
    ],
  },
  // The pure model of a dossier's life and its rules (shared/dossier/, issue #20 asks 90%), with the
  // unit tests that reach it: MUTATION_ONLY=dossier/ runs it alone.
  {
    mutate: ['shared/dossier/**/*.ts'],
    tests: [
      'test/unit/dossier-life*.test.ts',
      'test/unit/feedback-case-counts.test.ts',
      'test/unit/satisfaction-family.test.ts',
    ],
  },
  // The satisfaction family: the dossier's life counted once in its current state, feedback cases in
  // it (the counting: dossier-life.ts) ...
  {
    mutate: ['shared/aggregation/dossier-life.ts'],
    tests: [
      'test/unit/dossier-life*.test.ts',
      'test/unit/feedback-case-counts.test.ts',
      'test/unit/integrity-counters.test.ts',
      'test/integration/dossier-life*.test.ts',
      // The scorecard's received-day counters (issue 22: scorecardCounts).
      'test/integration/scorecard-facts.test.ts',
    ],
  },
  // ... the family's arrivals (satisfaction.ts: snapshots, due entries, ratings, wave-1 items, the
  // day groups of repeated comments) and the engine summing a day and writing its aggregates.
  {
    mutate: ['shared/aggregation/satisfaction.ts', 'shared/aggregation/engine.ts'],
    tests: [
      'test/unit/satisfaction*.test.ts',
      'test/unit/engine*.test.ts',
      'test/integration/aggregation.test.ts',
      'test/integration/aggregation-engine*.test.ts',
      'test/integration/integrity-comments.test.ts',
    ],
  },
  // Feedback cases: their states and transitions.
  {
    mutate: ['shared/feedback/cases.ts'],
    tests: ['test/unit/feedback-cases.test.ts', 'test/unit/feedback-case-counts.test.ts'],
  },
  // The nightly run over days and the digital-skill family.
  {
    mutate: ['shared/aggregation/run.ts'],
    tests: ['test/integration/aggregation-run.test.ts', 'test/unit/periods.test.ts'],
  },
  { mutate: ['shared/aggregation/skills.ts'], tests: ['test/unit/skills-*.test.ts'] },
];

const only = (process.env.MUTATION_ONLY ?? '').split(',').filter(Boolean);
/** The entries of this run: all, or those MUTATION_ONLY names. */
export const selected = only.length
  ? scope.filter((entry) =>
      entry.mutate.some((path) => !path.startsWith('!') && only.some((word) => path.includes(word))),
    )
  : scope;

/** Every file to mutate, for stryker.config.mjs. */
export const mutate = selected.flatMap((entry) => entry.mutate);
/** Every test file run against the mutants, for mutation/vitest.config.ts. */
export const tests = [...new Set(selected.flatMap((entry) => entry.tests))];
/** A scoped run keeps its own incremental file (one per MUTATION_ONLY), so the full run's is not narrowed. */
export const incrementalFile = only.length
  ? `reports/mutation/stryker-incremental-only-${only.join('+').replace(/[^\w+-]/g, '_')}.json`
  : 'reports/mutation/stryker-incremental.json';
