// Jest globalTeardown: stops what global-setup started, so no DynamoDB Local JVM outlives the test run.
import { stackHolder } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const stack = stackHolder.__localTestStack;
  if (!stack) return;
  stackHolder.__localTestStack = undefined;
  await Promise.allSettled([stack.kms.stop(), stack.events.stop(), stack.payments.stop(), stack.dynamodb.stop()]);
}
