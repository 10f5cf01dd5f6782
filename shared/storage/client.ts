/**
 * The DynamoDB document client, made in one place. Storage functions take it as a parameter so the
 * same code runs in Lambda, in the local server (dynalite) and in tests.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  /** A DynamoDB-protocol endpoint (dynalite locally); AWS's own when absent. */
  endpoint?: string | undefined;
  region?: string | undefined;
}

/** The storage handle every storage function takes: the client and the table it works on. */
export interface Store {
  db: DynamoDBDocumentClient;
  tableName: string;
}

export function createDocumentClient(options: ClientOptions = {}): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined;
  const client = new DynamoDBClient({
    ...(local
      ? {
          endpoint: options.endpoint,
          region: options.region ?? 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : options.region
        ? { region: options.region }
        : {}),
    maxAttempts: 3,
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
