/**
 * The embedded DynamoDB of the local run and the integration tests: dynalite (pure Node, LevelDB on
 * disk or in memory), speaking the real DynamoDB protocol, with the table created from the same
 * definition the CDK stack uses (shared/storage/table.ts).
 */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTableInput } from '../shared/storage/table';

export interface EmbeddedDynamo {
  endpoint: string;
  close(): Promise<void>;
}

/** Starts dynalite on `port` (0: any free port) with data under `path` (in memory when absent). */
export async function startDynalite(options: { path?: string; port?: number } = {}): Promise<EmbeddedDynamo> {
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error?: Error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Creates the table if it does not exist yet; answers whether it did. */
export async function ensureTable(endpoint: string, tableName: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    if (await tableExists(client, tableName)) return false;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    // dynalite answers CreateTable while the table is still CREATING (ACTIVE a tick later, even with
    // createTableMs 0); a request in between gets "Requested resource not found". Wait for ACTIVE.
    for (let attempt = 0; attempt < 200; attempt++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === 'ACTIVE') return true;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`table ${tableName} did not become ACTIVE`);
  } finally {
    client.destroy();
  }
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    return false;
  }
}
