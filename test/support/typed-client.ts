/**
 * The repository's typed client (clients/typescript), as e2e tests use it: a token from the local
 * issuer for the caller, and every response checked against the OpenAPI document. Tests written
 * with it are how a frontend calls the API; if the contract or the client drifts, they stop compiling.
 */
import { createOrdersClient, type OrdersClient } from '../../clients/typescript/src/index';
import { signToken, type TokenKind } from '../../local/auth/issuer';
import { assertMatchesContract } from './contract';

export interface Caller {
  readonly sub: string;
  readonly groups?: readonly string[];
  /** @default 'id' — Cognito issues both kinds, the gateway takes either. */
  readonly kind?: TokenKind;
}

export function typedClient(baseUrl: string, caller?: Caller): OrdersClient {
  const client = createOrdersClient({
    baseUrl,
    ...(caller && {
      token: () =>
        signToken({ sub: caller.sub, ...(caller.groups && { groups: [...caller.groups] }), kind: caller.kind }),
    }),
  });
  client.use({
    async onResponse({ request, response }) {
      assertMatchesContract({
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        headers: response.headers,
        text: await response.clone().text(),
      });
    },
  });
  return client;
}
