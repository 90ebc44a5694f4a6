// The web app's PKCE challenge (web/src/lib/hosted-sign-in.ts) against RFC 7636's own example (Appendix B).
import { codeChallenge } from '../../web/src/lib/pkce';

describe('hosted sign-in (authorisation code with PKCE)', () => {
  it('derives the S256 challenge of RFC 7636 Appendix B from its verifier', async () => {
    await expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('gives different verifiers different challenges, unpadded base64url', async () => {
    const [a, b] = await Promise.all([codeChallenge('a'.repeat(43)), codeChallenge('b'.repeat(43))]);
    expect(a).not.toBe(b);
    for (const challenge of [a, b]) expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
