import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyring, rotateKeyring } from '../../shared/keyring';
import { secretsManagerKeyringSource } from '../../shared/keyring-aws';

describe('keyring from Secrets Manager', () => {
  const secrets = mockClient(SecretsManagerClient);
  afterEach(() => {
    secrets.reset();
    vi.useRealTimers();
  });

  it('caches the keyring, and refreshes on demand at most every 30 seconds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-07-01T00:00:00Z'));
    const first = createKeyring();
    const second = rotateKeyring(first, 30);
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify(first) })
      .resolves({ SecretString: JSON.stringify(second) });
    const source = secretsManagerKeyringSource('arn:aws:secretsmanager:ap-southeast-1:1:secret:keys');

    expect((await source.get()).current).toBe(1);
    expect((await source.get()).current).toBe(1);
    expect((await source.refresh!()).current).toBe(1);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);

    vi.setSystemTime(new Date('2025-07-01T00:00:31Z'));
    expect((await source.refresh!()).current).toBe(2);
    expect((await source.get()).current).toBe(2);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});
