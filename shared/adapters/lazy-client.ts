/**
 * AWS SDK clients loaded on first use. Importing an SDK client package is most of a function's cold
 * start (docs/performance.md, figure 7a), and most functions use few of them: the DynamoDB client is
 * loaded at import (every function reads or writes a table); KMS, EventBridge, Cognito, SES and
 * Secrets Manager are imported with `import()` the first time a function calls them, so a function
 * that never does never loads them (docs/decisions/0061-sdk-clients-on-first-use.md).
 */

/**
 * The client `make` builds, made once on the first call (or `given`, e.g. a test's client). A
 * failed import or construction is forgotten, so the next call tries again.
 */
export function lazyClient<C>(given: C | undefined, make: () => Promise<C>): () => Promise<C> {
  let client: Promise<C> | undefined = given === undefined ? undefined : Promise.resolve(given);
  return () => {
    client ??= make().catch((e: unknown) => {
      client = undefined;
      throw e;
    });
    return client;
  };
}
