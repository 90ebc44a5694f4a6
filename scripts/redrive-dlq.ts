// `npm run redrive -- --queue NAME [--region R] [--inspect N] [--yes]`: shows what waits in a dead-letter
// queue and moves it back to where it came from with SQS's own message-move task (the source of a
// redrive DLQ, or a queue given with --to), after the cause has been fixed. docs/runbook.md says when.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

const USAGE =
  'usage: npm run -s redrive -- --queue DLQ_NAME [--to SOURCE_QUEUE_NAME] [--region R] [--inspect N] [--yes]';

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        queue: { type: 'string' },
        to: { type: 'string' },
        region: { type: 'string' },
        inspect: { type: 'string' },
        yes: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch {
    return usage();
  }
  if (typeof values.queue !== 'string') return usage();
  const sqs = new SQSClient(typeof values.region === 'string' ? { region: values.region } : {});
  const arnOf = async (name: string) => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'] }),
    );
    return {
      url: QueueUrl as string,
      arn: Attributes?.QueueArn as string,
      waiting: Attributes?.ApproximateNumberOfMessages,
    };
  };
  const dlq = await arnOf(values.queue);
  process.stdout.write(`${values.queue}: about ${dlq.waiting} message(s) waiting\n`);

  // A look at a few messages (they carry event ids and types, never personal data); they become
  // visible again after 30 s, so the move below still takes them.
  const inspect = Number(values.inspect ?? 0);
  if (inspect > 0) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlq.url,
        MaxNumberOfMessages: Math.min(inspect, 10),
        VisibilityTimeout: 30,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
    );
    for (const m of Messages ?? []) {
      process.stdout.write(`${m.MessageId} sent ${new Date(Number(m.Attributes?.SentTimestamp)).toISOString()}\n`);
      process.stdout.write(
        `  attributes ${JSON.stringify(m.MessageAttributes ?? {})}\n  body ${m.Body?.slice(0, 500)}\n`,
      );
    }
  }

  // Where to: a queue whose redrive policy names this DLQ (trigger queues), or --to. Without either
  // (a Lambda or Scheduler DLQ), the messages are the failed invocations: re-run the job instead.
  const { queueUrls } = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.url }));
  const destination =
    typeof values.to === 'string'
      ? (await arnOf(values.to)).arn
      : queueUrls && queueUrls.length === 1
        ? undefined
        : null;
  if (destination === null) {
    process.stdout.write(
      'No source queue redrives into this queue: it holds failed job invocations. Fix the cause, then run the job again (docs/runbook.md#dead-letter-queue-redrive) and purge the queue, or pass --to.\n',
    );
    return 0;
  }
  if (!values.yes) {
    const ask = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await ask.question(`Move the messages back to ${destination ?? queueUrls?.[0]}? [y/N] `);
    ask.close();
    if (!/^y(es)?$/i.test(answer.trim())) return 0;
  }
  const { TaskHandle } = await sqs.send(
    new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, ...(destination ? { DestinationArn: destination } : {}) }),
  );
  process.stdout.write(`move task started: ${TaskHandle}\n`);
  const { Results } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn, MaxResults: 1 }));
  process.stdout.write(
    `status: ${Results?.[0]?.Status} (${Results?.[0]?.ApproximateNumberOfMessagesMoved ?? 0} moved so far)\n`,
  );
  return 0;
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`redrive: ${(error as Error).name}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
