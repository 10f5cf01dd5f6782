/**
 * `npm run admin -- signing-key rotate | list`: the keyring that signs rating links (DESIGN §6). A
 * rotation adds a new current key; older keys keep verifying the links they signed until those expire.
 * Locally the keyring is a file in the data directory; with `--secret-id`, or with `--aws` and
 * SIGNING_KEYS_SECRET_ARN, it is the Secrets Manager secret of a deployed province.
 */
import {
  SecretsManagerClient,
  GetSecretValueCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { fileKeyringSource, rotateKeyring } from '../../shared/keyring';
import { keyringFromSecret } from '../../shared/keyring-aws';
import type { Keyring } from '../../shared/tokens';
import { BadRequestError } from '../../shared/errors';
import { actsOnAws, type CliContext, type CommandArgs, type CommandGroup, option } from '../cli/command';
import { dataDirFiles } from '../data-dir';

/**
 * Where a command's keyring lives: the secret named by `--secret-id`, else under `--aws` the one named
 * by SIGNING_KEYS_SECRET_ARN, else the local file.
 */
interface KeyringStore {
  where: string;
  load(): Promise<Keyring>;
  save(keyring: Keyring): Promise<void>;
}

function keyringStore(context: CliContext, args: CommandArgs): KeyringStore {
  const secretId =
    option(args, 'secret-id') ??
    (actsOnAws(context) ? context.deps.config.SIGNING_KEYS_SECRET_ARN : undefined);
  if (!secretId && actsOnAws(context)) {
    throw new BadRequestError({
      vi: '--aws: đặt SIGNING_KEYS_SECRET_ARN hoặc --secret-id (đầu ra SigningKeysSecretArn của ngăn xếp -data).',
      en: '--aws: set SIGNING_KEYS_SECRET_ARN or give --secret-id (the -data stack output SigningKeysSecretArn).',
    });
  }
  if (secretId) {
    const region = context.deps.config.AWS_REGION;
    const client = new SecretsManagerClient(region ? { region } : {});
    return {
      where: `Secrets Manager ${secretId}`,
      async load() {
        const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
        if (!result.SecretString) throw new Error(`secret ${secretId} holds no keyring`);
        return keyringFromSecret(result.SecretString);
      },
      async save(keyring) {
        await client.send(
          new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(keyring) }),
        );
      },
    };
  }
  const path = dataDirFiles(context.dataDir, context.deps.config).signingKeys;
  const file = fileKeyringSource(path);
  return { where: path, load: () => file.get(), save: (keyring) => file.save(keyring) };
}

function describe(keyring: Keyring): string[] {
  return keyring.keys.map(
    (key) =>
      `${key.id === keyring.current ? '*' : ' '} key ${key.id}  created ${key.createdAt}` +
      (key.retiredAt ? `  retired ${key.retiredAt}` : '  (signs new links / ký liên kết mới)'),
  );
}

export const signingKeyGroup: CommandGroup = {
  name: 'signing-key',
  summary: 'The rating-link signing keyring / Khóa ký liên kết đánh giá',
  commands: {
    rotate: {
      usage: 'rotate [--secret-id ARN]',
      summary:
        'Add a new signing key; old links keep working until they expire / ' +
        'Thêm khóa ký mới; liên kết cũ vẫn dùng được đến khi hết hạn',
      usesDatabase: (args, aws) => !aws && option(args, 'secret-id') === undefined,
      async run(context, args) {
        const store = keyringStore(context, args);
        context.print(`Khóa ký / keyring: ${store.where}`);
        const rotated = rotateKeyring(
          await store.load(),
          context.deps.config.LINK_TTL_DAYS,
          context.deps.now(),
        );
        await store.save(rotated);
        context.print(
          `Đã xoay khóa / rotated the keyring in ${store.where}; key ${rotated.current} now signs new links.`,
        );
        for (const line of describe(rotated)) context.print(line);
      },
    },
    list: {
      usage: 'list [--secret-id ARN]',
      summary: 'List signing keys (ids and dates, never secrets) / Liệt kê khóa ký',
      usesDatabase: (args, aws) => !aws && option(args, 'secret-id') === undefined,
      async run(context, args) {
        const store = keyringStore(context, args);
        context.print(`Khóa ký / keyring: ${store.where}`);
        for (const line of describe(await store.load())) context.print(line);
      },
    },
  },
};
