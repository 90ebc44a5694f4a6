/**
 * The first vertical slice over HTTP against `npm start`: health, policy, registration, profile
 * read and rectification, consents, engagement and the access log — including bad input, another
 * subject's data, and a final scan of every table and of the logs for the planted personal values.
 */
import { apiClient, type CallOptions, dumpAllTables } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';

const stack = useRunningStack();

const ALICE = {
  name: 'Alice Canary-7f3a',
  email: 'alice.canary-7f3a@example.com',
  phone: '+447700900731',
  street: '7f3a Canary Wharf Lane',
  newName: 'Alice Renamed-7f3a',
};
const BOB = { name: 'Bob Canary-9c1d', email: 'bob.canary-9c1d@example.com' };
const PLANTED = [ALICE.name, ALICE.email, ALICE.phone, ALICE.street, ALICE.newName, BOB.name, BOB.email];

const api = (method: string, path: string, options?: CallOptions) => apiClient(stack.url)(method, path, options);

const aliceRegistration = {
  name: ALICE.name,
  email: ALICE.email,
  phone: ALICE.phone,
  addresses: [{ label: 'home', line1: ALICE.street, city: 'London', postalCode: 'E14 5AB', country: 'GB' }],
  acceptPolicyVersion: 1,
  consents: { analytics: false },
};

describe('account slice over HTTP', () => {
  it('[P-44] serves health and the seeded policy to anyone', async () => {
    expect((await api('GET', '/v1/health')).json).toEqual({ status: 'ok' });
    const policy = await api('GET', '/v1/privacy-policy');
    expect(policy.status).toBe(200);
    expect(policy.json).toMatchObject({
      version: 1,
      effectiveAt: expect.any(String),
      content: expect.any(String),
      summary: expect.any(String),
    });
    const versions = await api('GET', '/v1/privacy-policy/versions');
    expect(versions.json.versions).toEqual([expect.objectContaining({ version: 1, status: 'effective' })]);
  });

  it('registers Alice, then refuses a second registration with 409', async () => {
    const created = await api('POST', '/v1/me', { sub: 'alice', body: aliceRegistration });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.json).toMatchObject({ name: ALICE.name, email: ALICE.email, acceptedPolicyVersion: 1 });
    const again = await api('POST', '/v1/me', { sub: 'alice', body: aliceRegistration });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.json.type).toMatch(/\/conflict$/);
  });

  it('refuses registration against a policy version not in force with 422', async () => {
    const res = await api('POST', '/v1/me', { sub: 'carol', body: { ...aliceRegistration, acceptPolicyVersion: 99 } });
    expect(res.status).toBe(422);
    expect((await api('GET', '/v1/me', { sub: 'carol' })).status).toBe(404);
  });

  it.each([
    ['an unknown field', { ...aliceRegistration, cardNumber: '4111111111111111' }, 400],
    ['a wrong type', { ...aliceRegistration, name: 42 }, 400],
    ['a missing field', { name: 'x', acceptPolicyVersion: 1 }, 400],
  ])('answers %s with a problem+json 4xx and writes nothing', async (_, body, status) => {
    const res = await api('POST', '/v1/me', { sub: 'dave', body });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json).toMatchObject({
      status,
      requestId: expect.any(String),
      type: expect.stringMatching(/\/validation$/),
    });
    expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect((await api('GET', '/v1/me', { sub: 'dave' })).status).toBe(404);
  });

  it('answers malformed JSON with 400 and an oversize body with 413', async () => {
    expect((await api('POST', '/v1/me', { sub: 'dave', raw: '{"name":' })).status).toBe(400);
    const huge = await api('POST', '/v1/me', { sub: 'dave', body: { ...aliceRegistration, name: 'x'.repeat(70_000) } });
    expect(huge.status).toBe(413);
    expect(huge.json.type).toMatch(/\/payload-too-large$/);
  });

  it('requires a valid token on personal routes', async () => {
    expect((await api('GET', '/v1/me')).status).toBe(401);
    const forged = await fetch(`${stack.url}/v1/me`, { headers: { authorization: 'Bearer not.a.jwt' } });
    expect(forged.status).toBe(401);
  });

  it('[P-32] returns Alice her own decrypted profile and rectifies it under If-Match', async () => {
    const read = await api('GET', '/v1/me', { sub: 'alice' });
    expect(read.status).toBe(200);
    expect(read.json.addresses[0].line1).toBe(ALICE.street);
    const etag = read.headers.get('etag') ?? '';

    expect((await api('PATCH', '/v1/me', { sub: 'alice', body: { name: ALICE.newName } })).status).toBe(428);
    const ok = await api('PATCH', '/v1/me', {
      sub: 'alice',
      body: { name: ALICE.newName },
      headers: { 'if-match': etag },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.name).toBe(ALICE.newName);
    expect(ok.headers.get('etag')).toBe('"2"');

    const stale = await api('PATCH', '/v1/me', { sub: 'alice', body: { name: 'Lost' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.json.type).toMatch(/\/precondition-failed$/);
    expect((await api('GET', '/v1/me', { sub: 'alice' })).json.name).toBe(ALICE.newName);
  });

  it('keeps Bob’s data out of Alice’s reach and Alice’s out of Bob’s', async () => {
    expect(
      (await api('POST', '/v1/me', { sub: 'bob', body: { name: BOB.name, email: BOB.email, acceptPolicyVersion: 1 } }))
        .status,
    ).toBe(201);
    const bobView = await api('GET', '/v1/me', { sub: 'bob' });
    expect(bobView.text).not.toContain(ALICE.email);
    expect(bobView.json.email).toBe(BOB.email);
    const bobLog = await api('GET', '/v1/me/access-log', { sub: 'bob' });
    expect(bobLog.json.entries.every((e: { byYou: boolean }) => e.byYou)).toBe(true);
    expect(bobLog.text).not.toContain('alice');
  });

  it('refuses the customer routes to staff roles', async () => {
    expect((await api('GET', '/v1/me', { sub: 'staff', groups: ['support'] })).status).toBe(403);
  });

  it('[P-04] keeps a consent ledger and gates engagement events on analytics consent', async () => {
    const events = { events: [{ type: 'product_view', at: '2026-11-25T10:00:00Z', sku: 'SKU-1' }] };
    const refused = await api('POST', '/v1/me/engagement-events', { sub: 'alice', body: events });
    expect(refused.status).toBe(403);
    expect(refused.json.type).toMatch(/\/consent-required$/);

    const granted = await api('PUT', '/v1/me/consents/analytics', { sub: 'alice', body: { granted: true } });
    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({ purpose: 'analytics', granted: true, policyVersion: 1 });
    expect((await api('POST', '/v1/me/engagement-events', { sub: 'alice', body: events })).status).toBe(200);

    await api('PUT', '/v1/me/consents/analytics', { sub: 'alice', body: { granted: false } });
    expect((await api('POST', '/v1/me/engagement-events', { sub: 'alice', body: events })).status).toBe(403);

    const consents = await api('GET', '/v1/me/consents', { sub: 'alice' });
    expect(consents.json.consents).toContainEqual(expect.objectContaining({ purpose: 'analytics', granted: false }));
    expect((await api('PUT', '/v1/me/consents/marketing', { sub: 'alice', body: { granted: true } })).status).toBe(404);
    expect((await api('PUT', '/v1/me/consents/analytics', { sub: 'alice', body: { granted: 'yes' } })).status).toBe(
      400,
    );
  });

  it('[P-32] shows Alice an access log of her registration, rectification and consent changes', async () => {
    const log = await api('GET', '/v1/me/access-log?limit=100', { sub: 'alice' });
    expect(log.status).toBe(200);
    const actions = log.json.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['profile.register', 'policy.accept', 'profile.rectify', 'consent.change']),
    );
    expect((await api('GET', '/v1/me/access-log?limit=101', { sub: 'alice' })).status).toBe(400);
    expect((await api('GET', '/v1/me/access-log?foo=1', { sub: 'alice' })).status).toBe(400);
  });

  it('leaves none of the planted personal values in any table or in the logs', async () => {
    const dump = await dumpAllTables(stack);
    expect(dump).toContain('SUBJECT#alice'); // the scan saw the data
    expect(stack.output()).toMatch(/PATCH \/v1\/me 200/); // and the logs were captured
    for (const value of PLANTED) {
      expect(dump).not.toContain(value);
      expect(stack.output()).not.toContain(value);
    }
  });
});
