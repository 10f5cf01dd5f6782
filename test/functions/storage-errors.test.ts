import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../shared/errors';
import { batchPut } from '../../shared/storage/dynamo';
import { getDossier } from '../../shared/storage/dossiers';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
const store = { db, tableName: 'hailong' };
const mock = mockClient(DynamoDBDocumentClient);

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

describe('storage under AWS errors', () => {
  afterEach(() => mock.reset());

  it('turns throttling into UnavailableError (HTTP 503: nothing stored, try again)', async () => {
    mock.on(GetCommand).rejects(awsError('ProvisionedThroughputExceededException'));
    await expect(getDossier(store, 'AAAAAAAAAAAAAAAA')).rejects.toBeInstanceOf(UnavailableError);
  });

  it('lets other failures through unchanged', async () => {
    mock.on(GetCommand).rejects(awsError('AccessDeniedException'));
    await expect(getDossier(store, 'AAAAAAAAAAAAAAAA')).rejects.toThrow('AccessDeniedException');
  });

  it('retries what a batch write leaves unprocessed until all is written', async () => {
    const items = Array.from({ length: 30 }, (_, index) => ({ pk: `X#${index}`, sk: 'X' }));
    const leftOver = items.slice(0, 2).map((Item) => ({ PutRequest: { Item } }));
    mock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { hailong: leftOver } })
      .resolves({ UnprocessedItems: {} });
    await batchPut(store, items);
    const calls = mock.commandCalls(BatchWriteCommand);
    // 25 + retry of the 2 left over + the last 5
    expect(calls.map((call) => call.args[0].input.RequestItems!.hailong!.length)).toEqual([25, 2, 5]);
  });
});
