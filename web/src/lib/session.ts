// The session: the sign-in token and nothing else, in sessionStorage (gone when the tab closes). Personal data
// the pages show lives in memory only, so a shared computer keeps none of it (tested in test/e2e/web.test.ts).
const KEY = 'session-token';

export const session = {
  token: (): string | undefined => sessionStorage.getItem(KEY) ?? undefined,
  set: (token: string): void => sessionStorage.setItem(KEY, token),
  clear: (): void => sessionStorage.removeItem(KEY),
  /** The token's claims (email, groups), decoded in memory for display; the API checks the signature. */
  claims(): Record<string, unknown> {
    const payload = this.token()?.split('.')[1];
    if (!payload) return {};
    try {
      const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<
        string,
        unknown
      >;
    } catch {
      return {};
    }
  },
};
