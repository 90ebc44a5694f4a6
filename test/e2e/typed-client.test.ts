/**
 * A storefront and a packing station, written as a frontend would write them: only the typed client
 * (clients/typescript), every response checked against docs/openapi.json. If the contract, the
 * generated types or the server drift apart, this stops compiling or fails.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { allPages, isProblem, type paths } from '../../clients/typescript/src/index';
import { useRunningStack } from '../support/running-stack';
import { typedClient } from '../support/typed-client';

const stack = useRunningStack({ LOCAL_JOB_TRIGGERS: 'off' });

const address = { recipient: 'Fiona Typed', line1: '1 Typed Row', city: 'Leeds', postalCode: 'LS1 4AB', country: 'GB' };
type NewOrder = paths['/v1/orders']['post']['requestBody']['content']['application/json'];
/** The storefront sends what the customer chose and the total the page showed; the server prices it. */
const order = (sku: string, expectedTotal?: number): NewOrder => ({
  currency: 'EUR',
  items: [{ sku, quantity: 1 }],
  delivery: { carrier: 'dhl', service: 'express' },
  shippingAddress: address,
  billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_visa' } },
  contactPhone: '+441632960123',
  ...(expectedTotal !== undefined && { expectedTotal }),
});
/** DHL Express in EUR (shared/config/carriers.ts). */
const EXPRESS_FEE = 1499;

describe('the typed client drives the API', () => {
  // Cognito access tokens (client_id, no aud) work exactly like ID tokens.
  const fiona = () => typedClient(stack.url, { sub: 'fiona', kind: 'access' });
  const packer = () => typedClient(stack.url, { sub: 'packer-1', groups: ['fulfillment'] });
  const orderIds: string[] = [];

  it('reads the policy anonymously and registers against it', async () => {
    const policy = await typedClient(stack.url).GET('/v1/privacy-policy');
    expect(policy.data?.version).toBe(1);
    const { data, response } = await fiona().POST('/v1/me', {
      body: { name: 'Fiona Typed', email: 'fiona@example.com', acceptPolicyVersion: policy.data?.version ?? 0 },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/v1/me');
    expect(data?.email).toBe('fiona@example.com');
  });

  it('corrects the profile under If-Match, and names a malformed If-Match as such', async () => {
    const read = await fiona().GET('/v1/me');
    const etag = read.response.headers.get('etag') ?? '';
    const unquoted = await fiona().PATCH('/v1/me', {
      params: { header: { 'If-Match': '1' } },
      body: { name: 'F. T.' },
    });
    expect(unquoted.response.status).toBe(400);
    expect(unquoted.error).toMatchObject({ errors: [{ path: 'headers.if-match', message: 'Not an entity tag' }] });
    const changed = await fiona().PATCH('/v1/me', {
      params: { header: { 'If-Match': etag } },
      body: { name: 'F. T.' },
    });
    expect(changed.data?.name).toBe('F. T.');
    expect(changed.response.headers.get('etag')).not.toBe(etag);
  });

  it('places orders from the catalogue, idempotently, and follows the order list to its last page', async () => {
    const catalogue = await typedClient(stack.url).GET('/v1/products', { params: { query: { limit: 3 } } });
    const products = catalogue.data?.products ?? [];
    expect(products.map((p) => p.sku)).toHaveLength(3);
    for (const [i, product] of products.entries()) {
      const shown = (product.prices.EUR ?? 0) + EXPRESS_FEE;
      const { data, response } = await fiona().POST('/v1/orders', {
        params: { header: { 'Idempotency-Key': `typed-${i + 1}` } },
        body: order(product.sku, shown),
      });
      expect(response.headers.get('location')).toBe(`/v1/orders/${data?.orderId}`);
      expect(data?.total).toBe(shown);
      expect(data?.payment).toEqual({ processor: 'stripe', brand: 'visa', last4: '4242' });
      orderIds.push(data?.orderId ?? '');
    }
    const stale = await fiona().POST('/v1/orders', {
      params: { header: { 'Idempotency-Key': 'typed-stale' } },
      body: order(products[0]?.sku ?? '', 1),
    });
    expect(stale.response.status).toBe(409);
    expect(stale.error).toMatchObject({ currentTotal: (products[0]?.prices.EUR ?? 0) + EXPRESS_FEE });
    const replay = await fiona().POST('/v1/orders', {
      params: { header: { 'Idempotency-Key': 'typed-1' } },
      body: order(products[0]?.sku ?? '', (products[0]?.prices.EUR ?? 0) + EXPRESS_FEE),
    });
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.data?.orderId).toBe(orderIds[0]);

    const pages: number[] = [];
    const seen: string[] = [];
    const client = fiona();
    for await (const summary of allPages(
      async (cursor) => {
        const page = await client.GET('/v1/orders', { params: { query: { limit: 2, ...(cursor && { cursor }) } } });
        pages.push(page.data?.orders.length ?? 0);
        return page;
      },
      (page) => page.orders,
    )) {
      seen.push(summary.orderId);
    }
    expect(pages).toEqual([2, 1]);
    expect(seen.sort()).toEqual([...orderIds].sort());
  });

  it('ships from the packing station: the purpose it names, a Location to the tracking', async () => {
    const wrongPurpose = await packer().GET('/v1/admin/fulfillment/queue', {
      params: { header: { 'X-Access-Purpose': 'audit' as 'shipping' } },
    });
    expect(wrongPurpose.response.status).toBe(403);
    expect(wrongPurpose.error).toMatchObject({ allowedPurposes: ['shipping'] });
    const refused = await typedClient(stack.url, { sub: 'agent-1', groups: ['support'] }).GET(
      '/v1/admin/orders/{orderId}',
      {
        params: {
          path: { orderId: orderIds[0] ?? '' },
          header: { 'X-Access-Purpose': 'shipping' as 'customer_support' },
        },
      },
    );
    expect(refused.response.status).toBe(403);
    expect(isProblem(refused.error) && refused.error.allowedPurposes).toEqual([
      'customer_support',
      'refund_handling',
      'identity_verification',
    ]);

    const queue = await packer().GET('/v1/admin/fulfillment/queue', {
      params: { header: { 'X-Access-Purpose': 'shipping' } },
    });
    expect(queue.data?.orders.map((o) => o.orderId)).toEqual(expect.arrayContaining(orderIds));
    const shipped = await packer().POST('/v1/admin/orders/{orderId}/shipments', {
      params: { path: { orderId: orderIds[0] ?? '' }, header: { 'X-Access-Purpose': 'shipping' } },
      body: { carrier: 'dhl', service: 'express' },
    });
    const location = shipped.response.headers.get('location');
    expect(location).toBe(`/v1/orders/${orderIds[0]}/tracking`);
    const tracking = await fiona().GET('/v1/orders/{orderId}/tracking', {
      params: { path: { orderId: orderIds[0] ?? '' } },
    });
    expect(tracking.data?.shipment?.trackingNumber).toBe(shipped.data?.trackingNumber);

    // The carrier's side, as `npm run carrier:event` plays it against the running stack.
    const posted = spawnSync(
      path.join(process.cwd(), 'node_modules/.bin/tsx'),
      ['scripts/carrier-event.ts', '--tracking', shipped.data?.trackingNumber ?? '', '--status', 'in_transit'],
      { env: { ...process.env, LOCAL_RUNTIME_STATE: stack.stateFile }, encoding: 'utf8' },
    );
    expect(posted.stdout).toMatch(/^200 .*"applied":true/);
    const moved = await fiona().GET('/v1/orders/{orderId}/tracking', {
      params: { path: { orderId: orderIds[0] ?? '' } },
    });
    expect(moved.data?.shipment?.status).toBe('in_transit');
  });

  it('files a complaint and a privacy request, each with a Location that answers', async () => {
    const complaint = await fiona().POST('/v1/me/complaints', {
      body: { category: 'other', description: 'Typed complaint' },
    });
    expect(complaint.response.headers.get('location')).toBe(`/v1/me/complaints/${complaint.data?.id}`);
    const filed = await fiona().GET('/v1/me/complaints/{complaintId}', {
      params: { path: { complaintId: complaint.data?.id ?? '' } },
    });
    expect(filed.data?.description).toBe('Typed complaint');

    const request = await fiona().POST('/v1/me/privacy-requests', { body: { type: 'export' } });
    expect(request.response.status).toBe(202);
    expect(request.response.headers.get('location')).toBe(`/v1/me/privacy-requests/${request.data?.id}`);
    const status = await fiona().GET('/v1/me/privacy-requests/{privacyRequestId}', {
      params: { path: { privacyRequestId: request.data?.id ?? '' } },
    });
    expect(status.data?.status).toBe('received');
  });
});
