import { Logger } from '@aws-lambda-powertools/logger';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { getConfig } from '../../shared/config';
import { webhookFetch } from '../../shared/feedback/delivery';
import { createDocumentClient } from '../../shared/storage/client';
import { awsNotifyTransport } from './aws';
import { createNotifyHandler } from './handler';

const config = getConfig();
const required = (name: string, value: string | undefined) => {
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export const handler = createNotifyHandler({
  store: { db: createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT }), tableName: config.TABLE_NAME },
  now: () => new Date(),
  // Deliveries checked against internal addresses at each attempt (DESIGN §6).
  fetch: webhookFetch('aws'),
  logger: new Logger({ serviceName: config.POWERTOOLS_SERVICE_NAME }),
  ...awsNotifyTransport({
    sqs: new SQSClient({}),
    sns: new SNSClient({}),
    queueUrl: required('ALERT_QUEUE_URL', config.ALERT_QUEUE_URL),
    deadLetterUrl: required('ALERT_DEAD_LETTER_QUEUE_URL', config.ALERT_DEAD_LETTER_QUEUE_URL),
    topicArn: required('DIGEST_TOPIC_ARN', config.DIGEST_TOPIC_ARN),
  }),
});
