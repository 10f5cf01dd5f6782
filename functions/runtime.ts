/**
 * The dependencies of every Lambda function, made once per container at module load: configuration
 * (failing fast on a bad value), the DynamoDB client and the signing keyring.
 */
import { getConfig } from '../shared/config';
import type { AppDeps } from '../shared/http/deps';
import { secretsManagerKeyringSource } from '../shared/keyring-aws';
import { createDocumentClient } from '../shared/storage/client';

export function lambdaDeps(): AppDeps {
  const config = getConfig();
  if (!config.SIGNING_KEYS_SECRET_ARN) throw new Error('SIGNING_KEYS_SECRET_ARN is not set');
  return {
    config,
    store: { db: createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT }), tableName: config.TABLE_NAME },
    keyring: secretsManagerKeyringSource(config.SIGNING_KEYS_SECRET_ARN),
    now: () => new Date(),
  };
}
