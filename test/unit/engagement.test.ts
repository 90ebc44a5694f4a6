import { engagementEventSchema } from '../../shared/domain/engagement';

const event = (path: string) => ({ type: 'page_view', at: '2026-03-01T00:00:00Z', path });

describe('engagement event paths', () => {
  it.each([
    ['/search%3Fq%3Dcanary', 'an encoded query'],
    ['/search%253Fq%253Dcanary', 'a double-encoded query'],
    ['/product%23reviews', 'an encoded fragment'],
    ['/a?b=c', 'a plain query'],
    ['/bad%E0%A4%A', 'a malformed encoding'],
    ['/%25%25%25%25%25', 'an encoding that stays encoded'],
  ])('refuses %s (%s) once decoded', (path) => {
    expect(engagementEventSchema.safeParse(event(path)).success).toBe(false);
  });

  it('accepts a plain or encoded path and stores it decoded', () => {
    expect(engagementEventSchema.parse(event('/products/boots-42')).path).toBe('/products/boots-42');
    expect(engagementEventSchema.parse(event('/produits/caf%C3%A9')).path).toBe('/produits/café');
  });
});
