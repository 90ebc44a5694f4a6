/**
 * What API Gateway (HTTP API) answers by itself, before or instead of a function: a JSON body
 * `{"message": …}`, not problem+json. Clients meet these for a missing or refused token (401), a path
 * with no route (404), a body over the 10 MB quota (413), throttling (429) and a function that
 * crashed or timed out (500, 503). The local gateway answers the same (local/gateway/server.ts) and
 * the contract documents both shapes (docs/api.md).
 */
export const GATEWAY_MESSAGES = {
  401: 'Unauthorized',
  404: 'Not Found',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
} as const;

export type GatewayStatus = keyof typeof GATEWAY_MESSAGES;

/** API Gateway's request payload quota. */
export const GATEWAY_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
