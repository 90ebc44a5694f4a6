import { flattenClaims } from '../../local/gateway/event';
import { roleServesPurpose, rolesFromGroupsClaim } from '../../shared/domain/access';
import { currentConsents } from '../../shared/domain/consent';

describe('roles from cognito:groups', () => {
  it('reads a real array claim and API Gateway’s flattened "[a b]" string alike', () => {
    expect(rolesFromGroupsClaim(['support', 'auditor'])).toEqual(['support', 'auditor']);
    expect(rolesFromGroupsClaim('[support auditor]')).toEqual(['support', 'auditor']);
  });

  it('splits the flattened claim on whitespace only, as the authorizer joins it: a comma is part of a name', () => {
    expect(rolesFromGroupsClaim('[x,support]')).toEqual(['customer']);
    expect(rolesFromGroupsClaim(['x,support'])).toEqual(['customer']);
    expect(rolesFromGroupsClaim('[x,support auditor]')).toEqual(['auditor']);
  });

  it('reads the claim exactly as the local gateway flattens it', () => {
    const { 'cognito:groups': flattened } = flattenClaims({ 'cognito:groups': ['x,support', 'fulfillment'] });
    expect(flattened).toBe('[x,support fulfillment]');
    expect(rolesFromGroupsClaim(flattened)).toEqual(['fulfillment']);
  });

  it('treats no group as customer and ignores unknown groups instead of promoting them', () => {
    expect(rolesFromGroupsClaim(undefined)).toEqual(['customer']);
    expect(rolesFromGroupsClaim('[admin root]')).toEqual(['customer']);
    expect(rolesFromGroupsClaim(['admin', 'fulfillment'])).toEqual(['fulfillment']);
  });

  it('[P-06] lets each staff role name only the purposes it serves', () => {
    expect(roleServesPurpose('support', 'customer_support')).toBe(true);
    expect(roleServesPurpose('support', 'shipping')).toBe(false);
    expect(roleServesPurpose('fulfillment', 'shipping')).toBe(true);
    expect(roleServesPurpose('customer', 'customer_support')).toBe(false);
  });
});

describe('consent state from the ledger', () => {
  it('[P-16] is opt-in: a purpose never chosen is not granted', () => {
    expect(currentConsents([]).every((c) => c.granted === false && c.at === null)).toBe(true);
  });

  it('takes the newest entry per purpose', () => {
    const state = currentConsents([
      { id: '01A', purpose: 'analytics', granted: true, policyVersion: 1, at: 't1' },
      { id: '01C', purpose: 'analytics', granted: false, policyVersion: 2, at: 't3' },
      { id: '01B', purpose: 'analytics', granted: true, policyVersion: 1, at: 't2' },
    ]);
    expect(state.find((c) => c.purpose === 'analytics')).toEqual({
      purpose: 'analytics',
      granted: false,
      policyVersion: 2,
      at: 't3',
    });
  });
});
