/**
 * Secrets the functions verify with: read from Secrets Manager in AWS (cached for five minutes, so
 * a rotation takes effect within that) or given directly in the environment locally.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { UnavailableError } from '../domain/errors';
import { lazyClient } from './lazy-client';
import { traced } from './tracer';

const CACHE_MS = 5 * 60 * 1000;

export class SecretSource {
  private cached?: { value: string; at: number };

  constructor(
    private readonly source: { arn: string } | { value: string },
    private readonly client: () => Promise<SecretsManagerClient> = lazyClient(undefined, async () => {
      const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
      return traced(new SecretsManagerClient({}));
    }),
  ) {}

  async value(): Promise<string> {
    if ('value' in this.source) return this.source.value;
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.value;
    try {
      const [client, { GetSecretValueCommand }] = await Promise.all([
        this.client(),
        import('@aws-sdk/client-secrets-manager'),
      ]);
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: this.source.arn }));
      if (!SecretString) throw new Error('empty secret');
      this.cached = { value: SecretString, at: Date.now() };
      return SecretString;
    } catch {
      throw new UnavailableError('The signing secret is unavailable; nothing was changed.');
    }
  }
}
