/**
 * Secrets the functions verify with: read from Secrets Manager in AWS (cached for five minutes, so
 * a rotation takes effect within that) or given directly in the environment locally.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { UnavailableError } from '../domain/errors';
import { traced } from './tracer';

const CACHE_MS = 5 * 60 * 1000;

export class SecretSource {
  private cached?: { value: string; at: number };

  constructor(
    private readonly source: { arn: string } | { value: string },
    private readonly client: () => SecretsManagerClient = () => traced(new SecretsManagerClient({})),
  ) {}

  async value(): Promise<string> {
    if ('value' in this.source) return this.source.value;
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.value;
    try {
      const { SecretString } = await this.client().send(new GetSecretValueCommand({ SecretId: this.source.arn }));
      if (!SecretString) throw new Error('empty secret');
      this.cached = { value: SecretString, at: Date.now() };
      return SecretString;
    } catch {
      throw new UnavailableError('The signing secret is unavailable; nothing was changed.');
    }
  }
}
