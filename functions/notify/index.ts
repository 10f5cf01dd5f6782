import { Logger } from '@aws-lambda-powertools/logger';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { getConfig } from '../../shared/config';
import { createDocumentClient } from '../../shared/storage/client';
import { createNotifyHandler } from './handler';

const config = getConfig();
const sqs = new SQSClient({});
const sns = new SNSClient({});
const required = (name: string, value: string | undefined) => {
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const queueUrl = required('ALERT_QUEUE_URL', config.ALERT_QUEUE_URL);
const deadLetterUrl = required('ALERT_DEAD_LETTER_QUEUE_URL', config.ALERT_DEAD_LETTER_QUEUE_URL);
const topicArn = required('DIGEST_TOPIC_ARN', config.DIGEST_TOPIC_ARN);

export const handler = createNotifyHandler({
  store: { db: createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT }), tableName: config.TABLE_NAME },
  now: () => new Date(),
  fetch,
  logger: new Logger({ serviceName: config.POWERTOOLS_SERVICE_NAME }),
  async enqueue(alerts, delaySeconds) {
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: alerts.map((alert, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(alert),
          DelaySeconds: delaySeconds,
        })),
      }),
    );
    if (result.Failed?.length) throw new Error(`SQS refused ${result.Failed.length} alerts`);
  },
  async deadLetter(alert, problem) {
    await sqs.send(
      new SendMessageCommand({ QueueUrl: deadLetterUrl, MessageBody: JSON.stringify({ ...alert, problem }) }),
    );
  },
  async publishDigest(subject, message) {
    await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
  },
});
