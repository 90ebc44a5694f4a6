// Starts a local service's HTTP server with connection timeouts a client can rely on (the gateway, KMS and EventBridge share them).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How long an idle keep-alive connection stays open: longer than any client's own idle timeout
 * (undici 4 s, the AWS SDK's agent, browsers up to 60 s), so the client always closes first and
 * never sends a request on a socket the server is closing. Node's default is 5 s, which races with
 * undici's 4 s on a busy machine; load balancers in front of Node use the same rule (server > client).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Listens on host:port (0 picks a free one) and resolves to the port. */
export async function listen(
  server: Server,
  port: number,
  host: string,
  keepAliveTimeoutMs = KEEP_ALIVE_TIMEOUT_MS,
): Promise<number> {
  server.keepAliveTimeout = keepAliveTimeoutMs;
  // Node requires headersTimeout > keepAliveTimeout, or a slow header on a reused socket is cut.
  server.headersTimeout = keepAliveTimeoutMs + 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
