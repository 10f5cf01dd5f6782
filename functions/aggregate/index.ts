import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { aggregationFamiliesFor } from '../../shared/aggregation/nightly-families';
import { getConfig } from '../../shared/config';
import { createDocumentClient } from '../../shared/storage/client';
import { createAggregateHandler } from './handler';

const config = getConfig();

export const handler = createAggregateHandler({
  store: { db: createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT }), tableName: config.TABLE_NAME },
  now: () => new Date(),
  families: aggregationFamiliesFor(config),
  logger: new Logger({ serviceName: config.POWERTOOLS_SERVICE_NAME }),
  metrics: new Metrics({ namespace: 'hailong', serviceName: config.POWERTOOLS_SERVICE_NAME }),
});
