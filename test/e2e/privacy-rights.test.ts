/**
 * Privacy rights over HTTP against `npm start`: an export produced by itself within seconds and
 * downloadable; erasure refused without a recent sign-in and then carried out with a receipt;
 * restriction; the officer's queue and decisions; and a scan for the planted values afterwards.
 */
import { signToken } from '../../local/auth/issuer';
import { apiClient, type CallOptions, dumpAllTables } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';
import { sampleOrder } from '../support/sample-requests';
import { waitUntil } from '../support/timeouts';

const stack = useRunningStack();

const api = (method: string, path: string, options?: CallOptions) => apiClient(stack.url)(method, path, options);
const officer = { sub: 'officer-1', groups: ['privacy-officer'], headers: { 'x-access-purpose': 'privacy_request' } };
const P = { name: 'Priya Canary-77e1', email: 'priya.canary-77e1@example.com', street: '77e1 Canary Close' };

/** The in-process trigger carries requests out: poll until the outcome, bounded generously for busy machines. */
const until = <T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> =>
  waitUntil(probe, done, 'the privacy request to finish', { intervalMs: 200 });

describe('privacy rights over HTTP', () => {
  beforeAll(async () => {
    const body = {
      name: P.name,
      email: P.email,
      addresses: [{ line1: P.street, city: 'Bath', postalCode: 'BA1 1AA', country: 'GB' }],
      acceptPolicyVersion: 1,
    };
    expect((await api('POST', '/v1/me', { sub: 'priya', body })).status).toBe(201);
    expect(
      (await api('POST', '/v1/orders', { sub: 'priya', body: sampleOrder(), headers: { 'idempotency-key': 'p1' } }))
        .status,
    ).toBe(201);
  });

  it('[P-31] accepts an export (202 with a due date) and completes it by itself within seconds', async () => {
    const submitted = await api('POST', '/v1/me/privacy-requests', { sub: 'priya', body: { type: 'export' } });
    expect(submitted.status).toBe(202);
    expect(submitted.json).toMatchObject({ type: 'export', status: 'received' });
    expect(Date.parse(submitted.json.dueAt) - Date.parse(submitted.json.receivedAt)).toBe(30 * 86_400_000);
    const done = await until(
      () => api('GET', `/v1/me/privacy-requests/${submitted.json.id}`, { sub: 'priya' }),
      (r) => r.json.status === 'completed',
    );
    expect(done.json.status).toBe('completed');
    expect(done.json.history.map((h: { status: string }) => h.status)).toEqual([
      'received',
      'in_progress',
      'completed',
    ]);
    const doc = await api('GET', `/v1/me/privacy-requests/${submitted.json.id}/export`, { sub: 'priya' });
    expect(doc.status).toBe(200);
    expect(doc.text).toContain(P.email);
    expect(doc.text).toContain(P.street);
    expect((await api('GET', `/v1/me/privacy-requests/${submitted.json.id}/export`, { sub: 'mallory' })).status).toBe(
      404,
    );
  });

  it('refuses a second open request of the same type and unknown types', async () => {
    expect((await api('POST', '/v1/me/privacy-requests', { sub: 'priya', body: { type: 'portability' } })).status).toBe(
      400,
    );
  });

  it('[P-08] requires a sign-in within 15 minutes for erasure', async () => {
    const stale = signToken({ sub: 'priya', authAgeSeconds: 16 * 60 });
    const res = await api('POST', '/v1/me/privacy-requests', { token: stale, body: { type: 'erasure' } });
    expect(res.status).toBe(401);
    expect(res.json.type).toMatch(/\/reauthentication-required$/);
  });

  it('shows the officer the queue and lets them extend once, telling the customer', async () => {
    await api('POST', '/v1/me', {
      sub: 'rosa',
      body: { name: 'Rosa', email: 'rosa@example.com', acceptPolicyVersion: 1 },
    });
    const restriction = await api('POST', '/v1/me/privacy-requests', { sub: 'rosa', body: { type: 'restriction' } });
    const done = await until(
      () => api('GET', `/v1/me/privacy-requests/${restriction.json.id}`, { sub: 'rosa' }),
      (r) => r.json.status === 'completed',
    );
    expect(done.json.status).toBe('completed');
    const order = await api('POST', '/v1/orders', {
      sub: 'rosa',
      body: sampleOrder(),
      headers: { 'idempotency-key': 'r1' },
    });
    expect(order.status).toBe(403);
    const support = await api('GET', '/v1/admin/customers/rosa', {
      sub: 'agent',
      groups: ['support'],
      headers: { 'x-access-purpose': 'customer_support' },
    });
    expect(support.status).toBe(403);
    expect((await api('DELETE', '/v1/admin/customers/rosa/restriction', officer)).status).toBe(200);
    expect(
      (await api('POST', '/v1/orders', { sub: 'rosa', body: sampleOrder(), headers: { 'idempotency-key': 'r2' } }))
        .status,
    ).toBe(201);

    const queue = await api('GET', '/v1/admin/privacy-requests?status=completed', officer);
    expect(queue.status).toBe(200);
    expect(queue.json.requests.map((r: { id: string }) => r.id)).toContain(restriction.json.id);
    expect(queue.text).not.toContain('Rosa');
    expect((await api('GET', '/v1/admin/privacy-requests', { sub: 'rosa' })).status).toBe(403);
    const extend = await api('POST', `/v1/admin/privacy-requests/${restriction.json.id}/decision`, {
      ...officer,
      body: { action: 'extend', reason: 'done already' },
    });
    expect(extend.status).toBe(409);
  });

  it('[P-35] erases a customer after a fresh sign-in and leaves a receipt', async () => {
    const submitted = await api('POST', '/v1/me/privacy-requests', { sub: 'priya', body: { type: 'erasure' } });
    expect(submitted.status).toBe(202);
    const done = await until(
      () => api('GET', `/v1/me/privacy-requests/${submitted.json.id}`, { sub: 'priya' }),
      (r) => r.json.status === 'completed',
    );
    expect(done.json.receipt.erased.length).toBeGreaterThan(3);
    expect((await api('GET', '/v1/me', { sub: 'priya' })).status).toBe(404);
    expect((await api('GET', '/v1/orders', { sub: 'priya' })).json.orders).toEqual([]);
    const dump = await dumpAllTables(stack);
    for (const value of Object.values(P)) {
      expect(dump).not.toContain(value);
      expect(stack.output()).not.toContain(value);
    }
  });
});
