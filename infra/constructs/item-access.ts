/**
 * Least-privilege DynamoDB grants for the single table, by key prefix (`UNIT#`, `DOSSIER#`…), with
 * the IAM condition `dynamodb:LeadingKeys`.
 *
 * What IAM can and cannot say here:
 * - On the base table, `ForAllValues:StringLike` on `dynamodb:LeadingKeys` limits GetItem, BatchGetItem,
 *   Query, PutItem, UpdateItem, DeleteItem, BatchWriteItem and ConditionCheckItem to partition keys with
 *   the listed prefixes. `ForAllValues` is also true when a request has no leading key at all (Scan),
 *   which is why Scan is never granted.
 * - On a global secondary index, the leading key a Query names is the index's partition key (`gsi1pk`
 *   such as `ARRIVED#<day>#<shard>`), not the item's `pk`, and an index bucket mixes entity types
 *   (dossiers, ratings, assessments; unit/procedure/key listings). A LeadingKeys condition on the base
 *   table therefore does not limit index queries. Index access is granted per index ARN, and only to
 *   the functions that need it (the public function gets none); which items it returns is then up to
 *   the application code, not to IAM.
 * - A rule on which *attributes* may be written (e.g. "the public function writes only rating items
 *   under DOSSIER#, never the dossier item itself") would need `dynamodb:Attributes` per item type and
 *   is left to the code (conditional writes, `attribute_not_exists(pk)`).
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
  | 'LIMIT#'
  | 'AGG#'
  | 'CONTRIB#'
  | 'AGGRUN#'
  | 'CAMPAIGN#'
  | 'ASSESS#'
  | 'POP#';

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
