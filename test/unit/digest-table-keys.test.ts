/**
 * IAM limits each digest-table writer to its own partitions by `dynamodb:LeadingKeys` patterns
 * (DIGEST_TABLE_WRITES, shared/config/resources.ts); the adapter builds its keys in keys.ts. A key
 * layout change on one side must be made on the other, or the jobs are refused in AWS only.
 */
import {
  DIGEST_INDEXED_PK,
  DIGEST_PK,
  digestChainPk,
  digestPartsPk,
  FAILED_VERIFICATION_PK,
  VERIFICATION_PK,
} from '../../shared/adapters/dynamodb/keys';
import { DIGEST_TABLE_WRITES } from '../../shared/config/resources';

/** IAM's StringLike: `*` matches any run of characters, `?` one. */
const like = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);
const allowed = (writer: keyof typeof DIGEST_TABLE_WRITES, pk: string) =>
  DIGEST_TABLE_WRITES[writer].some((pattern) => like(pattern, pk));

describe('digest table partitions and the writers IAM lets put them', () => {
  const digestJob = [DIGEST_PK, digestPartsPk(7, 'attempt-1'), digestChainPk('subject-1'), DIGEST_INDEXED_PK];
  const verifier = [VERIFICATION_PK, FAILED_VERIFICATION_PK];

  it.each(digestJob)('the digest job may put %s, the verifier may not', (pk) => {
    expect(allowed('append', pk)).toBe(true);
    expect(allowed('verify', pk)).toBe(false);
  });

  it.each(verifier)('the verifier may put %s, the digest job may not', (pk) => {
    expect(allowed('verify', pk)).toBe(true);
    expect(allowed('append', pk)).toBe(false);
  });
});
