/**
 * A function's declared access (what CDK grants it and what its configuration must hold) and the
 * adapters its handler names (`appDependencies(access, { … })`, decision 0053) say the same thing:
 * a grant nobody uses is privilege a compromised function could abuse, and an adapter named without
 * its grant fails in AWS at the first call — after deployment, not in CI.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jobs } from '../../functions/jobs/index';
import { routes } from '../../functions/routes';
import { streams } from '../../functions/streams/index';
import { identityTriggers } from '../../functions/triggers/index';
import * as providers from '../../shared/adapters/providers';
import type { FunctionAccess } from '../../shared/config/resources';

const ROOT = path.join(__dirname, '..', '..');

/** Each access that grants one outside service or table, and the providers that use it. */
const GRANT_AND_PROVIDERS: readonly [keyof FunctionAccess, readonly (keyof typeof providers)[]][] = [
  ['events', ['events']],
  ['paymentProcessor', ['payments']],
  ['carrierWebhookSecret', ['carrierWebhookSecrets']],
  ['identityProvider', ['identity']],
  ['staffDirectory', ['staff']],
  ['mail', ['mail']],
  ['idempotency', ['idempotency']],
  ['auditDigests', ['digests']],
  ['auditSigning', ['digestKey', 'digestSigner']],
];

const entries: [string, { entry: string; access: FunctionAccess }][] = [
  ...Object.entries(routes),
  ...Object.entries(jobs),
  ...Object.entries(streams),
  ...Object.entries(identityTriggers),
];

/** The providers a handler names; undefined when it wires none (health, the problem pages). */
function providersNamed(entry: string): string[] | undefined {
  const source = readFileSync(path.join(ROOT, entry), 'utf8');
  const calls = [...source.matchAll(/appDependencies\([^{)]*\{([^}]*)\}\s*\)/g)];
  if (calls.length === 0) return undefined;
  expect(calls).toHaveLength(1);
  return (calls[0]?.[1] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

test('the parser reads the providers a handler names', () => {
  expect(providersNamed(routes.placeOrder.entry)).toEqual(expect.arrayContaining(['orders', 'payments', 'products']));
  expect(providersNamed(routes.health.entry)).toBeUndefined();
});

test.each(entries)(
  '[P-14] %s names every provider it was granted for, and is granted for every one it names',
  (_, e) => {
    const named = providersNamed(e.entry) ?? [];
    for (const name of named) expect(Object.keys(providers)).toContain(name);
    const mismatches = GRANT_AND_PROVIDERS.flatMap(([grant, users]) => {
      const declared = e.access[grant] !== undefined;
      const uses = users.some((p) => named.includes(p));
      return declared === uses ? [] : [{ grant, declared, named: uses }];
    });
    expect(mismatches).toEqual([]);
  },
);
