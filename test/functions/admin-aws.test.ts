import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../local/admin';
import { offlineCliContext, openAwsCliContext } from '../../local/cli/context';
import { parseConfig } from '../../shared/config';
import { type Unit, unitToItem } from '../../shared/storage/units';

const dynamo = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);
const tableName = 'hailong-cao-bang-prod-data-HailongTable1A2B3C4D';
const secretId = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:hailong-signing-keys';
const deployed = { TABLE_NAME: tableName, AWS_REGION: 'ap-southeast-1' };
const root: Unit = {
  id: 'cao-bang',
  name: 'Tỉnh Cao Bằng',
  kind: 'province',
  parent: null,
  path: 'cao-bang/',
  sipas: false,
};

describe('the admin CLI with --aws', () => {
  let dir: string;
  let out: string[];

  /** runAdmin as `npm run admin` wires it, with `env` as the environment; no local database. */
  const admin = (env: Record<string, string>, ...argv: string[]) => {
    const config = parseConfig({ HAILONG_DATA_DIR: dir, ...env });
    const print = (line: string) => out.push(line);
    return runAdmin(argv, {
      open: () => Promise.reject(new Error('--aws must not open the local database')),
      openAws: () => openAwsCliContext({ config, print }),
      offline: () => offlineCliContext({ config, print }),
      print,
      printError: print,
    });
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hailong-admin-aws-'));
  });
  afterAll(async () => {
    dynamo.restore();
    secrets.restore();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    out = [];
    dynamo.reset();
    secrets.reset();
  });

  it('opens AWS DynamoDB (no local endpoint, no local credentials) on the table TABLE_NAME names', async () => {
    const context = await openAwsCliContext({ config: parseConfig(deployed), print: () => {} });
    try {
      expect(context.mode).toBe('aws');
      expect(context.deps.store.tableName).toBe(tableName);
      expect(context.target).toEqual({ kind: 'aws', tableName, region: 'ap-southeast-1' });
      expect(context.deps.store.db.config.endpoint).toBeUndefined();
      expect(await context.deps.store.db.config.region()).toBe('ap-southeast-1');
    } finally {
      await context.close();
    }
  });

  it('sends keys create’s PutCommand to the deployed table, after naming it', async () => {
    dynamo.on(GetCommand).resolves({ Item: unitToItem(root) });
    dynamo.on(PutCommand).resolves({});

    const code = await admin(
      deployed,
      '--aws',
      'keys',
      'create',
      '--unit',
      'cao-bang',
      '--permissions',
      'admin',
    );

    expect(code).toBe(0);
    const puts = dynamo.commandCalls(PutCommand);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.args[0].input.TableName).toBe(tableName);
    expect(puts[0]!.args[0].input.Item).toMatchObject({ unit: 'cao-bang', permissions: ['admin'] });
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input.TableName).toBe(tableName);
    expect(out[0]).toBe(
      `Đích: bảng AWS ${tableName} ở vùng ap-southeast-1 / target: AWS table ${tableName} in region ap-southeast-1`,
    );
    expect(out.join('\n')).toMatch(/hl_\S+/);
  });

  it('sends units import’s BatchWrite to the deployed table', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(GetCommand).resolves({}); // the unit codes item: none yet
    dynamo.on(BatchWriteCommand).resolves({});
    const file = join(dir, 'units.json');
    await writeFile(
      file,
      JSON.stringify([
        { id: 'cao-bang', name: 'Tỉnh Cao Bằng', kind: 'province', parent: null },
        { id: 'xa-hoa-an', name: 'Xã Hòa An', kind: 'commune', parent: 'cao-bang' },
      ]),
    );

    expect(await admin(deployed, '--aws', 'units', 'import', file)).toBe(0);

    const writes = dynamo.commandCalls(BatchWriteCommand);
    expect(writes).toHaveLength(1);
    const requests = writes[0]!.args[0].input.RequestItems!;
    expect(Object.keys(requests)).toEqual([tableName]);
    expect(requests[tableName]!.map((request) => request.PutRequest?.Item?.id)).toEqual([
      'cao-bang',
      'xa-hoa-an',
    ]);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input.TableName).toBe(tableName);
    expect(out.join('\n')).toContain(`target: AWS table ${tableName} in region ap-southeast-1`);
  });

  it('refuses, in both languages and before any request, when TABLE_NAME is missing', async () => {
    const code = await admin(
      { AWS_REGION: 'ap-southeast-1' },
      '--aws',
      'keys',
      'create',
      '--unit',
      'cao-bang',
      '--permissions',
      'admin',
    );
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('Lỗi: --aws: chưa đặt TABLE_NAME');
    expect(out.join('\n')).toContain('Error: --aws: TABLE_NAME is not set');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses the local default table name and a local DYNAMODB_ENDPOINT', async () => {
    expect(await admin({ ...deployed, TABLE_NAME: 'hailong' }, '--aws', 'units', 'list')).toBe(1);
    expect(out.join('\n')).toContain('still the local default "hailong"');
    out = [];
    const local = { ...deployed, DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' };
    expect(await admin(local, '--aws', 'units', 'list')).toBe(1);
    expect(out.join('\n')).toContain('DYNAMODB_ENDPOINT (http://127.0.0.1:8000) points at a local database');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('rotates the keyring named by SIGNING_KEYS_SECRET_ARN without needing the table', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ seed: 'generated' }) });
    secrets.on(PutSecretValueCommand).resolves({});
    const env = { SIGNING_KEYS_SECRET_ARN: secretId, AWS_REGION: 'ap-southeast-1' };

    expect(await admin(env, '--aws', 'signing-key', 'rotate')).toBe(0);

    expect(secrets.commandCalls(PutSecretValueCommand)[0]!.args[0].input.SecretId).toBe(secretId);
    const keyringLine = out.findIndex((line) => line.includes(`Secrets Manager ${secretId}`));
    const rotatedLine = out.findIndex((line) => line.includes('rotated the keyring'));
    expect(keyringLine).toBeGreaterThanOrEqual(0);
    expect(keyringLine).toBeLessThan(rotatedLine);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses --aws signing-key rotate when no secret is named', async () => {
    expect(await admin({ AWS_REGION: 'ap-southeast-1' }, '--aws', 'signing-key', 'rotate')).toBe(1);
    expect(out.join('\n')).toContain('set SIGNING_KEYS_SECRET_ARN or give --secret-id');
    expect(secrets.calls()).toHaveLength(0);
  });

  it('refuses campaign links on the local address for a deployed province, before writing', async () => {
    dynamo.on(GetCommand).resolves({ Item: unitToItem(root) });
    expect(await admin(deployed, '--aws', 'campaigns', 'create', '--unit', 'cao-bang')).toBe(1);
    expect(out.join('\n')).toContain('--base');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('gives the deployed keyring to commands that sign, and refuses clearly without it', async () => {
    const context = await openAwsCliContext({ config: parseConfig(deployed), print: () => {} });
    try {
      await expect(context.deps.keyring.get()).rejects.toThrow(/SIGNING_KEYS_SECRET_ARN/);
    } finally {
      await context.close();
    }
  });
});
