import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsNotifyTransport } from '../../functions/notify/aws';
import { notify } from '../../functions/notify/handler';
import { sampleAlert } from '../../shared/feedback/alerts';

const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const transport = () =>
  awsNotifyTransport({
    sqs: new SQSClient({ region: 'ap-southeast-1' }),
    sns: new SNSClient({ region: 'ap-southeast-1' }),
    queueUrl: 'https://sqs.example/q',
    deadLetterUrl: 'https://sqs.example/dlq',
    topicArn: 'arn:aws:sns:ap-southeast-1:1:digest',
  });

describe('notify function, AWS side', () => {
  beforeEach(() => {
    sqs.reset();
    sns.reset();
  });

  it('queues alerts with their delay and dead-letters with the reason', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    sqs.on(SendMessageCommand).resolves({});
    const alert = sampleAlert('cb', new Date('2026-09-01T00:00:00Z'));
    await transport().enqueue([alert], 900);
    const batch = sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input;
    expect(batch).toMatchObject({
      QueueUrl: 'https://sqs.example/q',
      Entries: [{ Id: '0', DelaySeconds: 900 }],
    });
    expect(JSON.parse(batch.Entries![0]!.MessageBody!)).toEqual(alert);
    await transport().deadLetter(alert, 'HTTP 500');
    const dead = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(dead.QueueUrl).toBe('https://sqs.example/dlq');
    expect(JSON.parse(dead.MessageBody!)).toMatchObject({ problem: 'HTTP 500', unit: 'cb' });
  });

  it('fails the SQS record when the queue refuses the retry, so SQS delivers it again', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }] });
    const alert = {
      ...sampleAlert('cb', new Date()),
      notBefore: new Date(Date.now() + 60_000).toISOString(),
    };
    const result = await notify(
      {
        ...transport(),
        store: { db: undefined as never, tableName: 'unused' },
        now: () => new Date(),
        fetch,
        logger: { info: () => {}, warn: () => {}, error: () => {} },
      },
      { Records: [{ messageId: 'm1', body: JSON.stringify(alert), eventSource: 'aws:sqs' }] },
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });

  it('publishes the digest to the province topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: '1' });
    await transport().publishDigest('Phản ánh', 'nội dung');
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toEqual({
      TopicArn: 'arn:aws:sns:ap-southeast-1:1:digest',
      Subject: 'Phản ánh',
      Message: 'nội dung',
    });
  });
});
