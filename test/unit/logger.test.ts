import { REDACTED, redactingReplacer } from '../../shared/adapters/logger';

describe('log redaction', () => {
  it('replaces personal and secret values at any depth, keeping ids and outcomes', () => {
    const line = JSON.stringify(
      {
        subjectId: 's1',
        outcome: 'ok',
        profile: { name: 'canary-name', email: 'canary@example.com', addresses: [{ line1: 'canary street' }] },
        headers: { authorization: 'Bearer canary-token' },
      },
      redactingReplacer,
    );
    expect(line).not.toMatch(/canary/);
    expect(JSON.parse(line)).toMatchObject({ subjectId: 's1', outcome: 'ok', profile: { name: REDACTED } });
  });
});
