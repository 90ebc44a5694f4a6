// The shard-count setting (shared/config/scale.ts): what a deployment may set, what it resolves to,
// and that a bad value stops a function at start with the others' problems, not at the first key.
import { ConfigError, loadConfig } from '../../shared/config';
import { parseWriteShards, shardCounts, WRITE_SHARDS, WRITE_SHARDS_ENV } from '../../shared/config/scale';

describe('write shard counts', () => {
  const saved = process.env[WRITE_SHARDS_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[WRITE_SHARDS_ENV];
    else process.env[WRITE_SHARDS_ENV] = saved;
  });

  test('unset or empty: the defaults, writes and reads alike', () => {
    for (const text of [undefined, '', '  ']) {
      const counts = parseWriteShards(text);
      for (const [key, n] of Object.entries(WRITE_SHARDS)) {
        expect(counts[key as keyof typeof WRITE_SHARDS]).toEqual({ writes: n, reads: n });
      }
    }
  });

  test('a count sets both; writes and reads may differ only upwards', () => {
    expect(parseWriteShards('{"outbox":8}').outbox).toEqual({ writes: 8, reads: 8 });
    expect(parseWriteShards('{"outbox":{"writes":8,"reads":128}}').outbox).toEqual({ writes: 8, reads: 128 });
    expect(() => parseWriteShards('{"outbox":{"writes":128,"reads":8}}')).toThrow(/reads must be at least writes/);
  });

  test.each([
    '{"outbox":0}',
    '{"outbox":-1}',
    '{"outbox":2.5}',
    '{"outbox":"8"}',
    '{"outbox":100000}',
    '{"hot":2}',
    '[]',
    'x',
  ])('refuses %s, naming the variable', (text) => {
    expect(() => parseWriteShards(text)).toThrow(new RegExp(WRITE_SHARDS_ENV));
  });

  test('read when used, so a value applied after import takes effect', () => {
    delete process.env[WRITE_SHARDS_ENV];
    expect(shardCounts().fulfillmentQueue.writes).toBe(WRITE_SHARDS.fulfillmentQueue);
    process.env[WRITE_SHARDS_ENV] = '{"fulfillmentQueue":4}';
    expect(shardCounts().fulfillmentQueue).toEqual({ writes: 4, reads: 4 });
  });

  test('a malformed value fails configuration at start', () => {
    expect(() => loadConfig({ [WRITE_SHARDS_ENV]: '{"outbox":0}' }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ [WRITE_SHARDS_ENV]: '{"outbox":0}' }, {})).toThrow(/WRITE_SHARDS\.outbox/);
    expect(() => loadConfig({ [WRITE_SHARDS_ENV]: '{"outbox":4}' }, {})).not.toThrow();
  });
});
