/**
 * Pagination a client can follow, over HTTP against `npm start`: the last page carries no cursor
 * (also when it is exactly full), a cursor is opaque and opens only for the caller and the list
 * that issued it, and a bad, tampered, foreign or borrowed cursor is a 400 on `query.cursor` —
 * never a silent restart at page 1, never a 5xx. The officers' queues page the same way.
 */
import { apiClient, type CallOptions } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';
import { sampleOrder } from '../support/sample-requests';

// Queue-driven jobs stay off so submitted privacy requests wait in the officers' queue.
const stack = useRunningStack({ LOCAL_JOB_TRIGGERS: 'off' });
const api = (method: string, path: string, options?: CallOptions) => apiClient(stack.url)(method, path, options);
const officer: CallOptions = { sub: 'officer-p', groups: ['privacy-officer'], headers: {} };

const CUSTOMERS = ['pia', 'pete', 'polly'];

/** Every page of `path` (which has its own query) as the caller, following cursors; at most 10 pages. */
async function follow(path: string, options: CallOptions, key: string): Promise<{ pages: number; ids: string[] }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await api('GET', `${path}${cursor ? `&cursor=${cursor}` : ''}`, options);
    expect(res.status).toBe(200);
    ids.push(...res.json[key].map((item: { id?: string; orderId?: string }) => item.id ?? item.orderId));
    cursor = res.json.cursor;
    pages++;
  } while (cursor && pages < 10);
  return { pages, ids };
}

const invalidCursor = (res: { status: number; json: { type: string; errors: unknown } }) => {
  expect(res.status).toBe(400);
  expect(res.json.type).toMatch(/\/validation$/);
  expect(res.json.errors).toEqual([{ path: 'query.cursor', message: 'Invalid cursor' }]);
};

beforeAll(async () => {
  for (const sub of CUSTOMERS) {
    const body = { name: `Name ${sub}`, email: `${sub}@example.com`, acceptPolicyVersion: 1 };
    expect((await api('POST', '/v1/me', { sub, body })).status).toBe(201);
    expect((await api('POST', '/v1/me/privacy-requests', { sub, body: { type: 'export' } })).status).toBe(202);
    const complaint = { category: 'other', description: `Complaint by ${sub}` };
    expect((await api('POST', '/v1/me/complaints', { sub, body: complaint })).status).toBe(201);
  }
  for (const key of ['o1', 'o2', 'o3']) {
    const placed = await api('POST', '/v1/orders', {
      sub: 'pia',
      body: sampleOrder(),
      headers: { 'idempotency-key': key },
    });
    expect(placed.status).toBe(201);
  }
});

describe('pagination', () => {
  it('ends with a page that has no cursor, also when that page is exactly full', async () => {
    const byTwo = await follow('/v1/orders?limit=2', { sub: 'pia' }, 'orders');
    expect(byTwo.pages).toBe(2);
    expect(new Set(byTwo.ids).size).toBe(3);
    const exact = await api('GET', '/v1/orders?limit=3', { sub: 'pia' });
    expect(exact.json.orders).toHaveLength(3);
    expect(exact.json).not.toHaveProperty('cursor');
  });

  it('issues opaque cursors: no key, subject or id readable in them', async () => {
    const { json } = await api('GET', '/v1/orders?limit=1', { sub: 'pia' });
    const decoded = Buffer.from(json.cursor, 'base64url').toString('latin1');
    expect(decoded).not.toMatch(/SUBJECT|ORDER|pia/);
    expect(decoded).not.toContain(json.orders[0].orderId);
  });

  it('answers 400 to a garbage, a tampered, a borrowed or a foreign cursor', async () => {
    const { json } = await api('GET', '/v1/orders?limit=1', { sub: 'pia' });
    const cursor: string = json.cursor;
    const tampered = `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`;
    invalidCursor(await api('GET', '/v1/orders?cursor=garbage', { sub: 'pia' }));
    invalidCursor(await api('GET', `/v1/orders?cursor=${tampered}`, { sub: 'pia' }));
    invalidCursor(await api('GET', `/v1/orders?cursor=${cursor}`, { sub: 'pete' }));
    invalidCursor(await api('GET', `/v1/me/complaints?cursor=${cursor}`, { sub: 'pia' }));
    // The access log answered 500 to a tampered cursor before cursors were sealed.
    invalidCursor(await api('GET', `/v1/me/access-log?cursor=${tampered}`, { sub: 'pia' }));
  });

  it.each([
    ['privacy request', '/v1/admin/privacy-requests?limit=2', 'requests', 'privacy_request'],
    ['complaint', '/v1/admin/complaints?limit=2', 'complaints', 'complaint_handling'],
  ])('pages the officers’ %s queue to its end', async (_, path, key, purpose) => {
    const options = { ...officer, headers: { 'x-access-purpose': purpose } };
    const all = await follow(path, options, key);
    expect(all.pages).toBe(2);
    expect(new Set(all.ids).size).toBe(CUSTOMERS.length);
    const { json } = await api('GET', path, options);
    invalidCursor(await api('GET', `${path}&cursor=${json.cursor}`, { ...options, sub: 'officer-q' }));
  });
});
