/**
 * X-Ray tracing (Powertools Tracer). In a Lambda function with active tracing every AWS SDK client
 * the adapters create is captured, so a trace shows each DynamoDB, KMS, EventBridge, Secrets Manager
 * and Cognito call as a subsegment, and API functions add a handler subsegment (shared/http/handler.ts).
 * Outside Lambda (tests, `npm start`, which also sets POWERTOOLS_TRACE_ENABLED=false) the tracer is
 * off: `traced` returns the client untouched and nothing looks for an X-Ray daemon.
 *
 * Traces carry timings and call metadata only. Responses and error messages are never attached
 * (POWERTOOLS_TRACER_CAPTURE_RESPONSE/ERROR=false in every function, and `captureResponse: false` on
 * the handler): either may hold personal values. Plain HTTP(S) is not patched: every outside call
 * goes through an SDK client, which is captured on its own.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';

export const tracer = new Tracer({ captureHTTPsRequests: false });

/** The client, with its calls recorded as subsegments when tracing is on (the same client otherwise). */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);
