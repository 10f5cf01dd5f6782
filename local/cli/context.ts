/**
 * The context of every command-line tool (admin, aggregate, …). dynalite's LevelDB can be opened by
 * one process only, so when `npm start` is running (its `server.json` in the data directory names a
 * live process) the tool talks to that server's database endpoint; otherwise it opens the data
 * directory itself and closes it afterwards. With `--aws` (and only then) it works on a deployed
 * province instead: the real DynamoDB table named by TABLE_NAME, the keyring in Secrets Manager.
 */
import { mkdir, rm } from 'node:fs/promises';
import { getConfig, LOCAL_TABLE_NAME, type Config } from '../../shared/config';
import { BadRequestError } from '../../shared/errors';
import { fileKeyringSource, type KeyringSource } from '../../shared/keyring';
import { secretsManagerKeyringSource } from '../../shared/keyring-aws';
import { createDocumentClient } from '../../shared/storage/client';
import { ensureTable, startDynalite } from '../dynalite';
import { dataDirFiles, readServerInfo } from '../data-dir';
import { isDatabaseLocked } from '../db-lock';
import type { CliContext, CliTarget } from './command';

export interface CliContextOptions {
  /** Data directory; `HAILONG_DATA_DIR` (default `.data`) when absent. */
  dataDir?: string;
  config?: Config;
  print?: (line: string) => void;
  now?: () => Date;
}

export type OpenCliContext = CliContext & {
  /**
   * `server` when a running `npm start` serves the database, `embedded` when this process opened it,
   * `aws` for the deployed table (`--aws`).
   */
  mode: 'server' | 'embedded' | 'aws';
  target: CliTarget;
  close(): Promise<void>;
};

/** True when an endpoint answers the DynamoDB protocol (the server behind server.json is really up). */
async function answers(endpoint: string, tableName: string): Promise<boolean> {
  try {
    await ensureTable(endpoint, tableName);
    return true;
  } catch {
    return false;
  }
}

export async function openCliContext(options: CliContextOptions = {}): Promise<OpenCliContext> {
  const baseConfig = options.config ?? getConfig();
  const dataDir = options.dataDir ?? baseConfig.HAILONG_DATA_DIR;
  const files = dataDirFiles(dataDir, baseConfig);
  const print = options.print ?? ((line: string) => console.log(line));
  const keyring = fileKeyringSource(files.signingKeys);
  const now = options.now ?? (() => new Date());

  const server = await readServerInfo(files);
  if (server) {
    const config = { ...baseConfig, TABLE_NAME: server.tableName ?? baseConfig.TABLE_NAME };
    if (await answers(server.dynamoEndpoint, config.TABLE_NAME)) {
      const db = createDocumentClient({ endpoint: server.dynamoEndpoint });
      return {
        mode: 'server',
        target: { kind: 'local', dataDir: files.root },
        dataDir: files.root,
        print,
        deps: { store: { db, tableName: config.TABLE_NAME }, config, keyring, now },
        async close() {
          db.destroy();
        },
      };
    }
    // The pid is alive but is not our server (a reused pid after a crash): the file is stale.
    await rm(files.serverJson, { force: true });
  }

  await mkdir(files.root, { recursive: true });
  if (await isDatabaseLocked(files.db)) {
    throw new Error(
      `Cơ sở dữ liệu ${files.db} đang được một tiến trình khác dùng (máy chủ đang khởi động?); thử lại sau giây lát / ` +
        `the database ${files.db} is held by another process (a server starting up?); try again in a moment`,
    );
  }
  const dynamo = await startDynalite({ path: files.db });
  await ensureTable(dynamo.endpoint, baseConfig.TABLE_NAME);
  const db = createDocumentClient({ endpoint: dynamo.endpoint });
  return {
    mode: 'embedded',
    target: { kind: 'local', dataDir: files.root },
    dataDir: files.root,
    print,
    deps: { store: { db, tableName: baseConfig.TABLE_NAME }, config: baseConfig, keyring, now },
    async close() {
      db.destroy();
      await dynamo.close();
    },
  };
}

/**
 * A context with configuration and clock but no database, for commands that act on AWS Secrets Manager
 * (`signing-key … --secret-id`, or `--aws signing-key …`): touching the store or the keyring is a
 * programming error and says so.
 */
export function offlineCliContext(
  options: Omit<CliContextOptions, 'now'> & { now?: () => Date } = {},
): CliContext {
  const config = options.config ?? getConfig();
  const refuse = () => {
    throw new Error('this command runs without the local database');
  };
  return {
    dataDir: dataDirFiles(options.dataDir ?? config.HAILONG_DATA_DIR, config).root,
    target: { kind: 'aws-secrets' },
    print: options.print ?? ((line: string) => console.log(line)),
    deps: {
      config,
      now: options.now ?? (() => new Date()),
      store: {
        tableName: config.TABLE_NAME,
        get db(): never {
          return refuse();
        },
      },
      keyring: { get: async () => refuse() },
    },
  };
}

/** Refuses `--aws` with a message in both languages, naming what to set. */
function awsSetupError(vi: string, en: string): BadRequestError {
  return new BadRequestError({ vi: `--aws: ${vi}`, en: `--aws: ${en}` });
}

/**
 * The deployed keyring (SIGNING_KEYS_SECRET_ARN), or one that refuses with a clear message when it is
 * not given: only the commands that sign or rotate need it.
 */
function awsKeyringSource(config: Config): KeyringSource {
  if (config.SIGNING_KEYS_SECRET_ARN) return secretsManagerKeyringSource(config.SIGNING_KEYS_SECRET_ARN);
  const refuse = async (): Promise<never> => {
    throw awsSetupError(
      'lệnh này cần khóa ký: đặt SIGNING_KEYS_SECRET_ARN (đầu ra SigningKeysSecretArn của ngăn xếp -data).',
      'this command needs the signing keyring: set SIGNING_KEYS_SECRET_ARN (the -data stack output SigningKeysSecretArn).',
    );
  };
  return { get: refuse, refresh: refuse };
}

/**
 * The context of `--aws`: AWS's own DynamoDB (credentials and region from the SDK's chain, AWS_REGION
 * first) and the table named by TABLE_NAME, which must be given: the local default is refused so a
 * command never guesses which province it writes to. No request is sent here.
 */
export async function openAwsCliContext(options: CliContextOptions = {}): Promise<OpenCliContext> {
  const config = options.config ?? getConfig();
  if (config.TABLE_NAME === LOCAL_TABLE_NAME) {
    throw awsSetupError(
      `chưa đặt TABLE_NAME (hoặc vẫn là giá trị cục bộ "${LOCAL_TABLE_NAME}"); đặt tên bảng đã triển khai (đầu ra TableName của ngăn xếp -data).`,
      `TABLE_NAME is not set (or is still the local default "${LOCAL_TABLE_NAME}"); set it to the deployed table's name (the -data stack output TableName).`,
    );
  }
  if (config.DYNAMODB_ENDPOINT) {
    throw awsSetupError(
      `DYNAMODB_ENDPOINT (${config.DYNAMODB_ENDPOINT}) trỏ tới cơ sở dữ liệu cục bộ; bỏ biến này khi làm việc trên AWS.`,
      `DYNAMODB_ENDPOINT (${config.DYNAMODB_ENDPOINT}) points at a local database; unset it to work on AWS.`,
    );
  }
  const db = createDocumentClient({ region: config.AWS_REGION });
  let region: string;
  try {
    region = await db.config.region();
  } catch {
    db.destroy();
    throw awsSetupError(
      'không xác định được vùng AWS; đặt AWS_REGION (ví dụ ap-southeast-1).',
      'no AWS region found; set AWS_REGION (for example ap-southeast-1).',
    );
  }
  const dataDir = dataDirFiles(options.dataDir ?? config.HAILONG_DATA_DIR, config).root;
  return {
    mode: 'aws',
    target: { kind: 'aws', tableName: config.TABLE_NAME, region },
    dataDir,
    print: options.print ?? ((line: string) => console.log(line)),
    deps: {
      store: { db, tableName: config.TABLE_NAME },
      config,
      keyring: awsKeyringSource(config),
      now: options.now ?? (() => new Date()),
    },
    async close() {
      db.destroy();
    },
  };
}
