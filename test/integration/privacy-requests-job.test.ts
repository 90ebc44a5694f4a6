/**
 * The `privacy-requests` job module on DynamoDB Local, as Lambda runs it: an SQS batch (Powertools
 * batch processing) completes the requests its messages name and reports only the messages to
 * retry; a scheduled run processes whatever is still open.
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { epochSeconds } from '../../shared/domain/time';
import { registerProfile } from '../../shared/usecases/account';
import { submitPrivacyRequest } from '../../shared/usecases/privacy-requests';
import { harness, selfAccess } from '../support/app-harness';
import { testEnvironment } from '../support/local-stack';

const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
});

const message = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: `handle-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '0',
    SenderId: 'events.amazonaws.com',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:Triggers',
  awsRegion: 'us-east-1',
});

/** The EventBridge event the queue delivers for `PrivacyRequestReceived`. */
const received = (requestId: string) =>
  JSON.stringify({ 'detail-type': 'PrivacyRequestReceived', detail: { requestId, requestType: 'export' } });

it('completes the requests a batch names, drops messages that are not its own, and reports only failures', async () => {
  const h = await harness({ seedPolicy: true });
  const subjects = ['job-a', 'job-b'];
  const requests = [];
  for (const subject of subjects) {
    await registerProfile(
      h.deps,
      { name: 'N', email: `${subject}@example.com`, acceptPolicyVersion: 1 },
      selfAccess(subject),
    );
    requests.push(await submitPrivacyRequest(h.deps, 'export', epochSeconds(h.clock.now()), selfAccess(subject)));
  }
  const [first, second] = requests.map((r) => r.requestId);
  Object.assign(process.env, testEnvironment(h.names));
  const job = await import('../../functions/jobs/privacy-requests');

  const batch: SQSEvent = {
    Records: [
      message('m1', received(String(first))),
      message('m2', JSON.stringify({ 'detail-type': 'SomethingElse', detail: {} })),
      // Not visible yet (the id index lags, or it never existed): retried through the queue.
      message('m3', received('01UNKNOWNREQUEST0000000000')),
      message('m4', 'not json'),
    ],
  };
  await expect(job.handler(batch)).resolves.toEqual({
    batchItemFailures: [{ itemIdentifier: 'm3' }, { itemIdentifier: 'm4' }],
  });
  await expect(h.deps.privacyRequests.get('job-a', String(first))).resolves.toMatchObject({ status: 'completed' });
  await expect(h.deps.privacyRequests.get('job-b', String(second))).resolves.toMatchObject({ status: 'received' });

  // The schedule's run picks up what no message named.
  await expect(job.handler({ job: 'privacy-requests' })).resolves.toEqual({
    processed: 1,
    completed: 1,
    waiting: 0,
    awaitingDecision: 0,
  });
  await expect(h.deps.privacyRequests.get('job-b', String(second))).resolves.toMatchObject({ status: 'completed' });
});
