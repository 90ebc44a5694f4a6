/**
 * The typed client of the privacy-first order backend: `openapi-fetch` over the types that
 * `openapi-typescript` generates from docs/openapi.json (./schema.d.ts). Paths, parameters, bodies,
 * responses and problem bodies are all typed by the contract; README.md shows how to use it.
 */
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** Every named schema of the contract: `Schemas['Order']`, `Schemas['Problem']`, … */
export type Schemas = components['schemas'];
/** An RFC 9457 problem, as the functions answer errors. */
export type Problem = Schemas['Problem'];
/** What API Gateway answers by itself (401, 404 without route, 413 over 10 MB, 429, 500/503). */
export type GatewayMessage = Schemas['GatewayMessage'];

export type OrdersClient = Client<paths>;

export interface OrdersClientOptions extends ClientOptions {
  /** The bearer token, or a function returning the current one (called before every request). */
  readonly token?: string | (() => string | undefined | Promise<string | undefined>);
}

/** A client for `baseUrl`, sending `Authorization: Bearer <token>` when a token is given. */
export function createOrdersClient({ token, ...options }: OrdersClientOptions = {}): OrdersClient {
  const client = createClient<paths>(options);
  if (token !== undefined) client.use(bearer(token));
  return client;
}

function bearer(token: NonNullable<OrdersClientOptions['token']>): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === 'function' ? await token() : token;
      if (value) request.headers.set('authorization', `Bearer ${value}`);
      return request;
    },
  };
}

/** True for a problem+json body (the functions' errors), false for API Gateway's `{"message"}`. */
export const isProblem = (error: unknown): error is Problem =>
  typeof error === 'object' && error !== null && 'type' in error && 'status' in error;

/**
 * Every item of a paged list, following cursors until the last page (which has none):
 * `for await (const order of allPages((cursor) => client.GET('/v1/orders', { params: { query: { cursor } } }), (p) => p.orders))`.
 * A failed page throws its error body.
 */
export async function* allPages<Page extends { cursor?: string }, Item>(
  fetchPage: (cursor: string | undefined) => Promise<{ data?: Page; error?: unknown }>,
  items: (page: Page) => readonly Item[],
): AsyncGenerator<Item> {
  let cursor: string | undefined;
  do {
    const { data, error } = await fetchPage(cursor);
    if (!data) throw error;
    yield* items(data);
    cursor = data.cursor;
  } while (cursor);
}
