/**
 * The one DynamoDB table, defined once: the CDK stack (infra/) and the local run (local/) both build
 * it from this definition, so they cannot drift. Key names are generic (single-table design); what
 * each entity puts in them is in its own module and in docs/data-model.md.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The attributes of a rated dossier the nightly job reads from the rating arrival index (gsi3): the
 * stored names of `ratingFactsSchema` (shared/storage/dossier-item.ts; a test checks they agree).
 */
export const RATING_ARRIVAL_ATTRIBUTES = [
  'rid',
  'unit',
  'returnedDay',
  'timeliness',
  'complaint',
  'ratingInstrument',
  'overall',
  'i3',
  'i4',
  'i7',
  'sipasScores',
  'ratedAt',
  // The dossier's state the rating was given on (the rating's update copies `state`).
  'ratedWithState',
  // The feedback case the rating opened or found open, fixed by its update (./feedback-cases.ts).
  'ratedCaseOpenedAt',
  'ratedCaseDueDay',
  // The masked comment's fingerprint (integrity: repeated comments; shared/indexes/comment-hash.ts).
  'commentHash',
] as const;

/**
 * What gsi1 copies: the attributes of the entities listed or bucketed on it (units, procedures, API
 * keys, campaigns; dossiers and assessments by arrival day) — and none a rating writes, so a rating
 * costs no gsi1 write (docs/data-model.md). A field added to one of those entities must be added here,
 * or its decoder refuses the listing (test/unit/storage-decoders.test.ts checks the entities).
 */
export const DIRECTORY_AND_ARRIVAL_ATTRIBUTES = [
  'type',
  // units
  'id',
  'name',
  'kind',
  'parent',
  'path',
  'sipas',
  // procedures
  'code',
  'field',
  'processingDays',
  // API keys
  'hash',
  'unit',
  'permissions',
  'createdAt',
  'revokedAt',
  // campaigns
  'team',
  // assessments
  'clientId',
  'instrument',
  'campaign',
  'ageBand',
  'sex',
  'ethnicity',
  'assistedBy',
  'answers',
  'madeAt',
  'day',
  'receivedAt',
  // dossiers
  'rid',
  'procedure',
  'applicantType',
  'channel',
  'dueAt',
  'returnedAt',
  'supplementRequests',
  'complaint',
  'returnedDay',
  'timeliness',
  'registeredAt',
  'linkExpiresAt',
  'asksSipas',
  // a wave-1 dossier changed later: the state its own arrival is counted with
  'legacyState',
  // day snapshots of dossiers' lives (./dossier-snapshots.ts; `rid`, `day` above)
  'state',
  'prev',
  'due',
  'version',
] as const;

interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** Non-key attributes copied into the index; every attribute when absent. */
  include?: readonly string[];
}

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    /** Day buckets of what arrived (write-sharded), directory listings (units, procedures, keys). */
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', include: DIRECTORY_AND_ARRIVAL_ATTRIBUTES },
    /** Per-unit listings in time order (ratings by return date). */
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /**
     * Sparse: the day bucket a rating arrived in, set on the dossier item by the rating's one
     * UpdateItem. Only what the nightly job reads is copied (shared/storage/ratings.ts).
     */
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', include: RATING_ARRIVAL_ATTRIBUTES },
    /** Sparse: feedback cases of a unit by due day (only dossiers with a case carry gsi4pk). */
    { name: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    /**
     * Sparse: dossiers of a unit by received day (`RECEIVED#<unit>#<YYYY-MM>`), the listing of the
     * dossiers that cost a Decision 766 metric its points (./dossier-received-index.ts). Only the tiny
     * `DOSSIER#<rid>` / `RECEIVED` item carries its keys, written once: no write of the dossier item
     * (a report, a rating) ever writes a copy here.
     */
    { name: 'gsi5', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
  ],
  /** Epoch seconds; DynamoDB TTL removes the item after it (comment retention). */
  ttlAttribute: 'expiresAt',
} as const satisfies { indexes: readonly IndexDefinition[] } & Record<string, unknown>;

export type IndexName = (typeof TABLE.indexes)[number]['name'];

/** DynamoDB's projection of an index as defined above. */
export function indexProjection(index: IndexDefinition): {
  ProjectionType: 'ALL' | 'INCLUDE';
  NonKeyAttributes?: string[];
} {
  return index.include
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] }
    : { ProjectionType: 'ALL' };
}

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
      Projection: indexProjection(index),
    })),
  };
}

/**
 * Day buckets are split over this many partitions so that a busy day's writes spread out
 * (DESIGN §5). Changing it would orphan existing buckets: it is part of the data format of a table,
 * in AWS and in the local run.
 */
export const ARRIVAL_SHARDS = 16;

/** The partitions of this process's day buckets; see {@link useArrivalShards}. */
let arrivalShards: number = ARRIVAL_SHARDS;

/**
 * How many partitions every day bucket of this process has: {@link ARRIVAL_SHARDS} unless a test chose
 * fewer. Every writer picks an id's partition with it (`arrivalShard`, `assessmentShard`) and every
 * reader (the nightly engine, the due index) reads that many.
 */
export const arrivalShardCount = (): number => arrivalShards;

/**
 * Tests: fewer partitions per day bucket (1), so a day's aggregation reads one bucket per index
 * instead of 16 — on dynalite each query is a round trip of milliseconds, and the engine's reads of
 * empty buckets were most of an integration test's time. A divisor of 16, set once before anything is
 * written (test/support/one-shard.ts, a setup file of vitest's projects that run in one process);
 * a table written with one count cannot be read with another. Not a field of `Store`: the item
 * encoders that pick a bucket (dossiers, snapshots, ratings, assessments) take no store.
 */
export function useArrivalShards(count: 1 | 2 | 4 | 8 | 16): void {
  arrivalShards = count;
}
