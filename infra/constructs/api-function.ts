/**
 * The Lambda construct for HTTP entry points: the house function (runtime, bundle, logging, tracing,
 * role shape) with the defaults of a synchronous API Gateway handler.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { HouseFunction, type HouseFunctionProps } from './house-function';

export interface ApiFunctionProps extends Omit<HouseFunctionProps, 'memorySize' | 'timeout' | 'deadLetterQueue'> {
  /** @default 256 */
  readonly memorySize?: number;
  /** @default Duration.seconds(10) — API Gateway gives up after 30 s; a handler should be far quicker. */
  readonly timeout?: Duration;
}

/**
 * A house function for one synchronous (API Gateway) entry point: 256 MB and 10 s unless the route
 * says otherwise, and no dead-letter queue (see below).
 */
export class ApiFunction extends HouseFunction {
  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id, {
      ...props,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
    });

    // Invoked synchronously by API Gateway: the caller receives the error, and Lambda never routes
    // synchronous invocations to a dead-letter queue, so a DLQ here would only ever be empty.
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Synchronous API Gateway integration: errors return to the caller; Lambda sends only asynchronous invocations to a DLQ',
    });
  }
}
