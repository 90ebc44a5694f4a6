// Connections a well-behaved client keeps open: the local services hold idle keep-alive sockets longer
// than clients do, and the e2e client resends a safe request when a connection is lost under it.
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEventBusServer } from '../../local/events/server';
import { type GatewayHandle, startGateway } from '../../local/gateway/server';
import { startKmsServer } from '../../local/kms/server';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../local/listen';
import { sendWithRetry } from '../support/api-client';
import { fixtureRoutes } from '../support/fixtures/routes';
import { limit } from '../support/timeouts';

/** Node's own server default, which raced with undici's 4 s client timeout on a busy machine. */
const NODE_DEFAULT_KEEP_ALIVE_MS = 5000;

interface Answer {
  status: number;
  body: string;
  reusedSocket: boolean;
  keepAlive: string;
}

function get(url: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          reusedSocket: req.reusedSocket,
          keepAlive: String(res.headers['keep-alive']),
        }),
      );
    });
    req.once('error', reject);
    req.end();
  });
}

describe('local gateway keep-alive', () => {
  let gateway: GatewayHandle;
  beforeAll(async () => {
    gateway = await startGateway({ port: 0, routes: fixtureRoutes, corsOrigins: [] });
  });
  afterAll(() => gateway.stop());

  it(
    'keeps an idle connection open past Node’s 5 s default and answers the next request on it',
    async () => {
      // A client whose own idle limit is longer than Node's default: the old gateway closed under it.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const first = await get(`${gateway.url}/v1/health`, agent);
        expect(first).toMatchObject({ status: 200, reusedSocket: false });
        expect(first.keepAlive).toBe(`timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);

        await new Promise((resolve) => setTimeout(resolve, NODE_DEFAULT_KEEP_ALIVE_MS + 1500));

        const second = await get(`${gateway.url}/v1/health`, agent);
        expect(second).toMatchObject({ status: 200, reusedSocket: true });
      } finally {
        agent.destroy();
      }
    },
    limit(30_000),
  );

  it('advertises the same idle limit on the local key service and event bus', async () => {
    const [kms, events] = await Promise.all([startKmsServer({ port: 0 }), startEventBusServer({ port: 0 })]);
    const agent = new Agent({ keepAlive: true });
    try {
      for (const endpoint of [kms.endpoint, events.endpoint]) {
        const answer = await get(`${endpoint}/`, agent);
        expect(answer.keepAlive).toBe(`timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);
      }
    } finally {
      agent.destroy();
      await Promise.all([kms.stop(), events.stop()]);
    }
  });
});

describe('the e2e client on a lost connection', () => {
  /** A server that drops the first `drops` connections without answering, then answers 200. */
  async function flakyServer(drops: number): Promise<{ url: string; requests: () => number; close: () => void }> {
    let seen = 0;
    const server = createServer((req, res) => {
      seen += 1;
      if (seen <= drops) {
        req.socket.destroy();
        return;
      }
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      requests: () => seen,
      close: () => {
        server.closeAllConnections();
        server.close();
      },
    };
  }

  it('sends a safe request again on a fresh connection and returns the answer', async () => {
    const server = await flakyServer(1);
    try {
      const response = await sendWithRetry(server.url, { method: 'GET' }, true);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('ok');
      expect(server.requests()).toBe(2);
    } finally {
      server.close();
    }
  });

  it('never repeats a request that is not safe to repeat', async () => {
    const server = await flakyServer(1);
    try {
      await expect(sendWithRetry(server.url, { method: 'POST', body: '{}' }, false)).rejects.toThrow('fetch failed');
      expect(server.requests()).toBe(1);
    } finally {
      server.close();
    }
  });

  it('gives up after three attempts', async () => {
    const server = await flakyServer(5);
    try {
      await expect(sendWithRetry(server.url, { method: 'GET' }, true)).rejects.toThrow('fetch failed');
      expect(server.requests()).toBe(3);
    } finally {
      server.close();
    }
  });
});
