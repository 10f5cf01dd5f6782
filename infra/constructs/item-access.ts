/**
 * Least-privilege DynamoDB grants for the single table, by key prefix (`UNIT#`, `DOSSIER#`…), with
 * the IAM condition `dynamodb:LeadingKeys`.
 *
 * What IAM can and cannot say here:
 * - On the base table, `ForAllValues:StringLike` on `dynamodb:LeadingKeys` limits GetItem, BatchGetItem,
 *   Query, PutItem, UpdateItem, DeleteItem, BatchWriteItem and ConditionCheckItem to partition keys with
 *   the listed prefixes. `ForAllValues` is also true when a request has no leading key at all (Scan),
 *   which is why Scan is never granted.
 * - On a global secondary index, a Query's key condition names the index's partition key (`gsi1pk`
 *   such as `ARRIVED#<day>#<shard>`, `UNITS`, `APIKEYS`; `gsi2pk` such as `RATINGS#<unit>`), not the
 *   item's `pk`, and one index partition mixes entity types (a day bucket holds dossiers, ratings and
 *   assessments). So a condition written for the base table's `pk` prefixes cannot say "only these
 *   entities" for an index query; AWS's documentation does not spell out which value LeadingKeys is
 *   compared with on an index, and this design does not depend on it. Index access is granted per
 *   index ARN with no LeadingKeys condition, only to the functions that need it (the public function
 *   gets none, the aggregate function gsi1 only); what an allowed index query returns is then up to
 *   the application code, not IAM.
 * - LeadingKeys sees only the partition key: under `DOSSIER#<rid>` the public function can reach the
 *   dossier with its rating (attributes of the same item, the comment included). That is the one
 *   rating of the dossier whose signed token the caller holds; limiting which *attributes* may be read or written
 *   (`dynamodb:Attributes` with `dynamodb:Select`) would have to list every attribute per item type and
 *   is left to the code (conditional writes with `attribute_not_exists(pk)`; reads by exact key).
 */
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IndexName } from '../../shared/storage/table';

export const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
export const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/** Key prefixes of the single table (see docs/data-model.md). */
export type KeyPrefix =
  | 'UNIT#'
  | 'PROC#'
  | 'APIKEY#'
  | 'DOSSIER#'
  | 'AGG#'
  | 'CONTRIB#'
  | 'AGGRUN#'
  | 'AGGNIGHTS#'
  | 'CAMPAIGN#'
  | 'ASSESS#'
  | 'POP#'
  | 'INPUT#'
  | 'LANG#'
  | 'HOLIDAYS#'
  | 'WEBHOOK#'
  | 'SESSION#'
  | 'SIGNIN#'
  | 'SHEET#'
  | 'PACE#';

export interface ItemAccess {
  /** Partition-key prefixes the function may read (get, batch get, query on the base table). */
  read: KeyPrefix[];
  /** Partition-key prefixes the function may write (put, update, delete, batch write). */
  write: KeyPrefix[];
  /** Indexes the function may query (no LeadingKeys condition: see above). */
  indexes: IndexName[];
}

const leadingKeys = (prefixes: KeyPrefix[]) => ({
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) },
});

export function grantItemAccess(grantee: IGrantable, table: ITable, access: ItemAccess): void {
  const policy = grantee.grantPrincipal;
  if (access.read.length > 0) {
    policy.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadItemsByKeyPrefix',
        actions: READ_ACTIONS,
        resources: [table.tableArn],
        conditions: leadingKeys(access.read),
      }),
    );
  }
  if (access.write.length > 0) {
    policy.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteItemsByKeyPrefix',
        actions: WRITE_ACTIONS,
        resources: [table.tableArn],
        conditions: leadingKeys(access.write),
      }),
    );
  }
  if (access.indexes.length > 0) {
    policy.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'QueryIndexes',
        actions: ['dynamodb:Query'],
        resources: access.indexes.map((index) => `${table.tableArn}/index/${index}`),
      }),
    );
  }
}

/**
 * What each function may touch. test/functions/function-grants.test.ts checks the public and api functions
 * real DynamoDB calls against its entry, so a new read cannot pass the tests and fail in AWS.
 */
export const FUNCTION_ITEM_ACCESS = {
  public: {
    // The rating page reads the dossier (its rating and its link's count of refusals are attributes
    // of the same item), its unit and procedure; the self-assessment page its campaign; every page the
    // languages a province added (one Query of `LANG#CATALOGS`, shared/storage/languages.ts); the
    // holiday list when a rating opens a feedback case (due day in working days).
    read: ['UNIT#', 'PROC#', 'DOSSIER#', 'CAMPAIGN#', 'LANG#', 'HOLIDAYS#'],
    // Ratings, refusal counts and feedback cases (on the dossier item), self-assessments. Never
    // APIKEY#, AGG#, CONTRIB#.
    write: ['DOSSIER#', 'ASSESS#'],
    indexes: [],
  },
  api: {
    read: [
      'UNIT#',
      'PROC#',
      'APIKEY#',
      'DOSSIER#',
      'AGG#',
      'AGGRUN#',
      // The nights each day's last run finished: the final flag (shared/storage/final-periods.ts).
      'AGGNIGHTS#',
      'CAMPAIGN#',
      'POP#',
      'INPUT#',
      'HOLIDAYS#',
      'SESSION#',
      'SIGNIN#',
      // The figure sheets: every page's figures for a standard period (DESIGN §5).
      'SHEET#',
      // Whether a unit has a webhook, to queue a returned dossier's rating link (DESIGN §3).
      'WEBHOOK#',
    ],
    // Dossier registration (the dossier item, its day snapshots and its complaint case), feedback
    // answers, the units' period inputs; dashboard sessions, failed sign-ins and custom-range budgets.
    write: ['DOSSIER#', 'INPUT#', 'SESSION#', 'SIGNIN#', 'PACE#'],
    // gsi5: the dossiers that cost a Decision 766 metric its points, by received day.
    indexes: ['gsi1', 'gsi2', 'gsi4', 'gsi5'],
  },
  aggregate: {
    read: [
      'UNIT#',
      'PROC#',
      'DOSSIER#',
      'ASSESS#',
      'CAMPAIGN#',
      'POP#',
      'INPUT#',
      'AGG#',
      'CONTRIB#',
      'AGGRUN#',
      'AGGNIGHTS#',
    ],
    // Only the aggregation writes aggregates, the nights index and the figure sheets made from them.
    write: ['AGG#', 'CONTRIB#', 'AGGRUN#', 'AGGNIGHTS#', 'SHEET#'],
    // The arrival buckets: dossiers, day snapshots and assessments (gsi1), ratings (gsi3); the due
    // index of the dossiers' snapshots (gsi2).
    indexes: ['gsi1', 'gsi2', 'gsi3'],
  },
  notify: {
    // Units to scan, cases (on the dossier item) to alert, webhooks, holidays for "due tomorrow".
    read: ['UNIT#', 'DOSSIER#', 'WEBHOOK#', 'HOLIDAYS#'],
    // Only the alert marks on the case (conditional UpdateItem).
    write: ['DOSSIER#'],
    indexes: ['gsi1', 'gsi4'],
  },
} satisfies Record<'public' | 'api' | 'aggregate' | 'notify', ItemAccess>;
