import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../local/admin';
import { offlineCliContext } from '../../local/cli/context';
import { parseConfig } from '../../shared/config';
import { keyringFromSecret } from '../../shared/keyring-aws';
import { signToken, verifyToken } from '../../shared/tokens';

const secrets = mockClient(SecretsManagerClient);
const secretId = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:hailong-signing-keys';

function admin(argv: string[], out: string[]) {
  return runAdmin(argv, {
    open: () => Promise.reject(new Error('a Secrets Manager command must not open the local database')),
    offline: () => offlineCliContext({ config: parseConfig({}), print: (line) => out.push(line) }),
    print: (line) => out.push(line),
    printError: (line) => out.push(line),
  });
}

describe('signing-key rotation in AWS Secrets Manager', () => {
  afterEach(() => secrets.reset());

  it('rotates a freshly deployed seed secret into a keyring that still verifies old links', async () => {
    const seeded = JSON.stringify({ seed: 'generated-by-cdk' });
    secrets.on(GetSecretValueCommand).resolves({ SecretString: seeded });
    secrets.on(PutSecretValueCommand).resolves({});
    const oldLink = signToken(
      keyringFromSecret(seeded),
      'AAAAAAAAAAAAAAAA',
      new Date(Date.now() + 86_400_000),
    );

    const out: string[] = [];
    expect(await admin(['signing-key', 'rotate', '--secret-id', secretId], out)).toBe(0);

    const put = secrets.commandCalls(PutSecretValueCommand);
    expect(put).toHaveLength(1);
    expect(put[0]!.args[0].input.SecretId).toBe(secretId);
    const rotated = keyringFromSecret(put[0]!.args[0].input.SecretString!);
    expect(rotated.current).toBe(2);
    expect(verifyToken(rotated, oldLink).keyId).toBe(1);
    expect(out.join('\n')).toContain('key 2 now signs new links');
    for (const key of rotated.keys) expect(out.join('\n')).not.toContain(key.secret);
  });

  it('fails with a non-zero exit and writes nothing when the secret cannot be read', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const out: string[] = [];
    expect(await admin(['signing-key', 'rotate', '--secret-id', secretId], out)).toBe(1);
    expect(out.join('\n')).toContain('denied');
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('lists the keys of the secret by id and date only', async () => {
    const keyring = {
      current: 3,
      keys: [{ id: 3, secret: 'c2VjcmV0LXRocmVl', createdAt: '2026-01-01T00:00:00.000Z' }],
    };
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(keyring) });
    const out: string[] = [];
    expect(await admin(['signing-key', 'list', '--secret-id', secretId], out)).toBe(0);
    expect(out.join('\n')).toContain('* key 3  created 2026-01-01T00:00:00.000Z');
    expect(out.join('\n')).not.toContain('c2VjcmV0LXRocmVl');
  });
});
