/**
 * The notify function's AWS side: the alert queue, its dead-letter queue and the digest topic, as the
 * three functions the handler takes. A partly refused batch throws, so the SQS record that caused it
 * is reported failed and retried rather than an alert being lost.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { NotifyDeps } from './handler';

export function awsNotifyTransport(options: {
  sqs: SQSClient;
  sns: SNSClient;
  queueUrl: string;
  deadLetterUrl: string;
  topicArn: string;
}): Pick<NotifyDeps, 'enqueue' | 'deadLetter' | 'publishDigest'> {
  const { sqs, sns } = options;
  return {
    async enqueue(alerts, delaySeconds) {
      if (alerts.length === 0) return;
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: alerts.map((alert, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(alert),
            DelaySeconds: delaySeconds,
          })),
        }),
      );
      if (result.Failed?.length)
        throw new Error(`SQS refused ${result.Failed.length} of ${alerts.length} alerts`);
    },
    async deadLetter(alert, problem) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: options.deadLetterUrl,
          MessageBody: JSON.stringify({ ...alert, problem }),
        }),
      );
    },
    async publishDigest(subject, message) {
      await sns.send(new PublishCommand({ TopicArn: options.topicArn, Subject: subject, Message: message }));
    },
  };
}
