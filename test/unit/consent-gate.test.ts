/**
 * The consent gate: data collected under a consent is readable only while that consent is granted,
 * and the gate is the only way to it — one module reads consent-bound items, and it asks the gate.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CONSENT_BOUND_DATA, type ConsentState, currentConsents, mayRead } from '../../shared/domain/consent';

const state = (granted: boolean | undefined): ConsentState[] =>
  currentConsents(
    granted === undefined
      ? []
      : [
          {
            id: '01J00000000000000000000000',
            purpose: 'analytics',
            granted,
            policyVersion: 1,
            at: '2026-01-01T00:00:00Z',
          },
        ],
  );

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('the consent gate', () => {
  it('[P-04] lets engagement data be read only while analytics consent is granted: no consent, no data', () => {
    expect(mayRead('engagement', state(undefined))).toBe(false);
    expect(mayRead('engagement', state(false))).toBe(false);
    expect(mayRead('engagement', state(true))).toBe(true);
  });

  it('is the only way to consent-bound items: one module reads them, through the gate', () => {
    expect(Object.values(CONSENT_BOUND_DATA).flat()).toEqual(['engagement']);
    const users = [...sources('shared'), ...sources('functions')].filter((file) =>
      /\b(ENGAGEMENT_PREFIX|engagementSk)\b/.test(readFileSync(file, 'utf8')),
    );
    expect(users.sort()).toEqual(
      [
        'shared/adapters/dynamodb/keys.ts', // declares the key
        'shared/adapters/dynamodb/engagement-repository.ts', // writes batches (no read method)
        'shared/adapters/dynamodb/retention-index.ts', // deletes them after a withdrawal
        'shared/adapters/dynamodb/subject-catalogue.ts', // the one reader
      ].sort(),
    );
    expect(readFileSync('shared/adapters/dynamodb/subject-catalogue.ts', 'utf8')).toMatch(/mayRead\('engagement'/);
  });
});
