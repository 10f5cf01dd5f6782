import { getConfig } from '../../shared/config';
import { createDocumentClient } from '../../shared/storage/client';
import { createAggregateHandler } from './handler';

const config = getConfig();

export const handler = createAggregateHandler({
  store: { db: createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT }), tableName: config.TABLE_NAME },
  now: () => new Date(),
});
