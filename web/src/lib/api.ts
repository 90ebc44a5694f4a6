// The typed client (clients/typescript) with the session's token, and one way of explaining its errors.
import { createOrdersClient, isProblem, type OrdersClient } from '../../../clients/typescript/src/index';
import type { WebConfig } from './config';
import { session } from './session';

export function apiClient(config: WebConfig): OrdersClient {
  return createOrdersClient({ baseUrl: config.apiUrl, token: () => session.token() });
}

/** A sentence for a failed call: the problem's detail, or what API Gateway's own answers mean. */
export function explain(status: number, error: unknown): string {
  if (isProblem(error))
    return `${error.title}: ${error.detail ?? ''}${error.requestId ? ` (reference ${error.requestId})` : ''}`;
  if (status === 401) return 'Your session has ended: please sign in again.';
  if (status === 429) return 'Too many requests just now: try again in a moment.';
  if (status === 0) return 'The service cannot be reached: check your connection and try again.';
  return 'Something went wrong on our side: try again shortly.';
}

/** True for 401 reauthentication-required: the route wants a sign-in within the last 15 minutes. */
export const needsReauthentication = (error: unknown): boolean =>
  isProblem(error) && String(error.type).endsWith('reauthentication-required');
