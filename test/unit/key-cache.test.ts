import { DataKeyCache } from '../../shared/adapters/crypto/key-cache';

describe('data key cache bounds', () => {
  let now = 0;
  const cache = () => new DataKeyCache({ maxAgeSeconds: 300, maxUses: 10, maxEntries: 2 }, () => now);
  beforeEach(() => {
    now = 0;
  });

  it('serves a key until its maximum age, then forgets it', () => {
    const c = cache();
    c.put('a', Buffer.alloc(32, 1));
    now = 299_999;
    expect(c.take('a')).toBeDefined();
    now = 300_000;
    expect(c.take('a')).toBeUndefined();
  });

  it('serves a key for at most maxUses field operations', () => {
    const c = cache();
    c.put('a', Buffer.alloc(32, 1), 4);
    expect(c.take('a', 6)).toBeDefined(); // 10 uses
    expect(c.take('a', 1)).toBeUndefined(); // 11th refused
  });

  it('evicts the least recently used subject past maxEntries', () => {
    const c = cache();
    c.put('a', Buffer.alloc(32, 1));
    c.put('b', Buffer.alloc(32, 2));
    c.take('a');
    c.put('c', Buffer.alloc(32, 3));
    expect(c.size).toBe(2);
    expect(c.take('b')).toBeUndefined();
    expect(c.take('a')).toBeDefined();
  });

  it('zeroes a destroyed key so the plaintext does not linger', () => {
    const c = cache();
    const key = Buffer.alloc(32, 7);
    c.put('a', key);
    c.destroy('a');
    expect(key.every((b) => b === 0)).toBe(true);
    expect(c.take('a')).toBeUndefined();
  });
});
