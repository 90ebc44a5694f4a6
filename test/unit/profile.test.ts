import { type Profile, rectificationSchema, rectify, registrationSchema } from '../../shared/domain/profile';
import { versionFromIfMatch } from '../../shared/http/profile-view';

const profile: Profile = {
  subjectId: 's1',
  name: 'Ada',
  email: 'ada@example.com',
  phone: '+441632960000',
  addresses: [],
  acceptedPolicyVersion: 1,
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('profile rules', () => {
  it('rectification bumps the version and reports only fields that changed', () => {
    const { profile: next, changed } = rectify(profile, { name: 'Ada L', email: 'ada@example.com' }, new Date(0));
    expect(next.version).toBe(4);
    expect(next.name).toBe('Ada L');
    expect(changed).toEqual(['name']);
  });

  it('phone: null removes the phone number', () => {
    const { profile: next, changed } = rectify(profile, { phone: null }, new Date(0));
    expect(next.phone).toBeUndefined();
    expect(changed).toEqual(['phone']);
  });

  it('[P-01] registration rejects unknown fields and card numbers', () => {
    const base = { name: 'A', email: 'a@example.com', acceptPolicyVersion: 1 };
    expect(registrationSchema.safeParse(base).success).toBe(true);
    expect(registrationSchema.safeParse({ ...base, cardNumber: '4111111111111111' }).success).toBe(false);
    expect(registrationSchema.safeParse({ ...base, email: 'not-an-email' }).success).toBe(false);
    expect(registrationSchema.safeParse({ ...base, consents: { marketing: true } }).success).toBe(false);
  });

  it('an empty rectification is refused', () => {
    expect(rectificationSchema.safeParse({}).success).toBe(false);
  });

  it.each([
    ['"3"', 3],
    ['W/"3"', 3],
    ['*', '*'],
    [undefined, undefined],
  ])('If-Match %s means %s', (header, expected) => {
    expect(versionFromIfMatch(header)).toBe(expected);
  });

  it.each(['3', '"abc"', '"3'])('If-Match %s was sent but is no entity tag: a 400 on the header', (header) => {
    expect(() => versionFromIfMatch(header)).toThrow(
      expect.objectContaining({ status: 400, errors: [{ path: 'headers.if-match', message: 'Not an entity tag' }] }),
    );
  });
});
