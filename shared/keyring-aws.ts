/**
 * The keyring in AWS Secrets Manager (DESIGN §2: secrets never in the template). The client is loaded
 * on first use, not at import, so the public function's cold start does not pay for it; the keyring
 * is cached for five minutes so a rotation reaches every warm function quickly.
 */
import { createHash } from 'node:crypto';
import type { KeyringSource } from './keyring';
import type { Keyring } from './tokens';

/**
 * A keyring from the secret's JSON. A freshly deployed secret holds only a generated `seed` (CDK's
 * `generateSecretString`, so no key is ever in the template): key 1 is derived from it until the first
 * rotation writes a full keyring.
 */
export function keyringFromSecret(secret: string): Keyring {
  const parsed = JSON.parse(secret) as Partial<Keyring> & { seed?: string };
  if (parsed.keys && typeof parsed.current === 'number')
    return { current: parsed.current, keys: parsed.keys };
  if (!parsed.seed) throw new Error('the signing-key secret holds neither a keyring nor a seed');
  const derived = createHash('sha256').update(`hailong-signing-key-1\n${parsed.seed}`).digest('base64');
  return { current: 1, keys: [{ id: 1, secret: derived, createdAt: new Date(0).toISOString() }] };
}

const CACHE_MS = 5 * 60 * 1000;

/** A refresh at most this often, so forged tokens with unknown key ids cannot hammer Secrets Manager. */
const MIN_REFRESH_MS = 30 * 1000;

export function secretsManagerKeyringSource(secretId: string): KeyringSource {
  let cached: { keyring: Keyring; at: number } | undefined;
  const load = async () => {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const client = new SecretsManagerClient({});
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!result.SecretString) throw new Error(`secret ${secretId} holds no keyring`);
    cached = { keyring: keyringFromSecret(result.SecretString), at: Date.now() };
    return cached.keyring;
  };
  return {
    async get() {
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.keyring;
      return load();
    },
    async refresh() {
      if (cached && Date.now() - cached.at < MIN_REFRESH_MS) return cached.keyring;
      return load();
    },
  };
}
