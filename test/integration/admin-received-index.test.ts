/**
 * `npm run admin -- dossiers backfill-received-index` on dynalite: dossiers stored before the
 * received-day index (gsi5) existed — a wave-1 registration and a reported life whose keys are
 * removed, as an item written by the older code has none — are indexed from the days' arrival
 * buckets; a rerun indexes nothing more; bad days and unknown options are refused.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { decideReport } from '../../shared/dossier-registration';
import { type DossierReport, storeReport } from '../../shared/storage/dossier-reports';
import {
  readReceivedDossiers,
  ReceivedIndexNotReadyError,
} from '../../shared/storage/dossier-received-index';
import { dossierKey, dossierRid, registerDossier } from '../../shared/storage/dossiers';
import { createTableInput } from '../../shared/storage/table';
import { importUnits } from '../../shared/storage/units';
import { startOfLocalDay } from '../../shared/time';
import { useAdminCli } from '../support/admin';
import { makeDossier } from '../support/satisfaction';
import { sampleUnits } from '../support/stack';

const at = (day: string, hour: number) => new Date(startOfLocalDay(day).getTime() + hour * 3_600_000);

describe('the backfill of the received-day index', () => {
  const cli = useAdminCli('hailong-gsi5-', async (stack) => {
    await importUnits(stack.deps.store, sampleUnits);
  });
  const { admin, out, err } = cli;

  const indexed = async (unit: string, month: string) => {
    const result = await cli.stack.deps.store.db.send(
      new QueryCommand({
        TableName: cli.stack.deps.store.tableName,
        IndexName: 'gsi5',
        KeyConditionExpression: 'gsi5pk = :pk',
        ExpressionAttributeValues: { ':pk': `RECEIVED#${unit}#${month}` },
      }),
    );
    return (result.Items ?? []).map((item) => String(item.gsi5sk)).sort();
  };

  it('indexes the dossiers of the days given, once', async () => {
    const store = cli.stack.deps.store;
    // A wave-1 dossier: received and returned 10 March, registered 11 March.
    const legacy = makeDossier({
      unit: 'cb-d1-c1',
      code: 'W1',
      returned: '2025-03-10',
      due: '2025-03-12',
      registered: '2025-03-11',
    });
    await registerDossier(store, legacy);
    // A reported dossier, received 31 March 23:30 local, reported then (its keys removed below).
    const report: DossierReport = {
      code: 'R1',
      unit: 'cb-d1-c1',
      procedure: '1.001',
      applicantType: 'citizen',
      channel: 'online',
      receivedAt: at('2025-03-31', 23.5).toISOString(),
      dueAt: at('2025-04-03', 17).toISOString(),
      supplements: [],
      supplementRequests: 0,
      withdrawn: false,
      complaint: false,
      steps: [],
    };
    await storeReport(store, report, decideReport, {
      now: at('2025-03-31', 23.6),
      linkTtlDays: 30,
      guard: { history: true },
    });
    const rid = dossierRid('cb-d1-c1', 'R1');
    expect(await indexed('cb-d1-c1', '2025-03')).toEqual(['2025-03-31#' + rid]);
    // As a dossier stored before the index: its index item gone.
    await store.db.send(
      new DeleteCommand({ TableName: store.tableName, Key: { pk: dossierKey(rid).pk, sk: 'RECEIVED' } }),
    );
    expect(await indexed('cb-d1-c1', '2025-03')).toEqual([]);

    expect(
      await admin('dossiers', 'backfill-received-index', '--from', '2025-03-01', '--to', '2025-03-31'),
    ).toBe(0);
    expect(out.join('\n')).toContain('Indexed 2 dossiers (2 seen');
    expect(await indexed('cb-d1-c1', '2025-03')).toEqual(
      [`2025-03-10#${legacy.rid}`, `2025-03-31#${rid}`].sort(),
    );

    out.length = 0;
    expect(
      await admin('dossiers', 'backfill-received-index', '--from', '2025-03-01', '--to', '2025-03-31'),
    ).toBe(0);
    expect(out.join('\n')).toContain('Indexed 0 dossiers (2 seen');
  });

  it('refuses a day that is not one, a range backwards and an unknown option, storing nothing', async () => {
    expect(
      await admin('dossiers', 'backfill-received-index', '--from', '2025-02-30', '--to', '2025-03-31'),
    ).toBe(1);
    expect(err.join('\n')).toContain('2025-02-30');
    err.length = 0;
    expect(
      await admin('dossiers', 'backfill-received-index', '--from', '2025-03-31', '--to', '2025-03-01'),
    ).toBe(1);
    err.length = 0;
    expect(
      await admin('dossiers', 'backfill-received-index', '--form', '2025-03-01', '--to', '2025-03-31'),
    ).not.toBe(0);
    expect(err.join('\n')).toContain('--from');
  });

  it('answers 503 "not ready" on a table made before the index, never a 500', async () => {
    const input = createTableInput('before-gsi5');
    input.GlobalSecondaryIndexes = input.GlobalSecondaryIndexes!.filter(
      (index) => index.IndexName !== 'gsi5',
    );
    input.AttributeDefinitions = input.AttributeDefinitions!.filter(
      (a) => !a.AttributeName!.startsWith('gsi5'),
    );
    const client = new DynamoDBClient({
      endpoint: cli.stack.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client.send(new CreateTableCommand(input));
    client.destroy();
    const read = readReceivedDossiers(
      { db: cli.stack.deps.store.db, tableName: 'before-gsi5' },
      { root: 'cb', binding: 'x', units: ['cb'], from: '2025-03-01', to: '2025-03-31' },
      { unit: 0, month: 0 },
      { limit: 10, asOf: '2025-03-31', keep: () => true },
    );
    await expect(read).rejects.toBeInstanceOf(ReceivedIndexNotReadyError);
    await expect(read).rejects.toMatchObject({ status: 503 });
  });
});
