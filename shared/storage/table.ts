/**
 * The one DynamoDB table, defined once: the CDK stack (infra/) and the local run (local/) both build
 * it from this definition, so they cannot drift. Key names are generic (single-table design); what
 * each entity puts in them is in its own module and in docs/data-model.md.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    /** Day buckets of what arrived (write-sharded), directory listings (units, procedures, keys). */
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Per-unit listings in time order (ratings by return date). */
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** Sparse: feedback cases of a unit by due day (only dossiers with a case carry gsi3pk). */
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
  /** Epoch seconds; DynamoDB TTL removes the item after it (comment retention). */
  ttlAttribute: 'expiresAt',
} as const;

export type IndexName = (typeof TABLE.indexes)[number]['name'];

/** CreateTable input for the local run and tests (on-demand, every key a string). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttributes = [
    TABLE.partitionKey,
    TABLE.sortKey,
    ...TABLE.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/**
 * Day buckets are split over this many partitions so that a busy day's writes spread out
 * (DESIGN §5). Changing it would orphan existing buckets: it is part of the data format.
 */
export const ARRIVAL_SHARDS = 16;
