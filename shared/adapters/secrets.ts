/**
 * Secrets the functions use: read from Secrets Manager in AWS (cached for five minutes, so a
 * rotation takes effect within that) or given directly in the environment locally.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CarrierId } from '../config/carriers';
import type { SecretLocation } from '../config/index';
import { UnavailableError } from '../domain/errors';
import type { CarrierSecrets } from '../ports/orders';
import { lazyClient } from './lazy-client';

const CACHE_MS = 5 * 60 * 1000;

/** A Secrets Manager client, its package imported on first use (decision 0061). */
const secretsManager = (): (() => Promise<SecretsManagerClient>) =>
  lazyClient(undefined, async () => new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient({}));

export class SecretSource {
  private cached?: { value: string; at: number };

  constructor(
    private readonly source: SecretLocation,
    /** What the secret is, for the 503 a failed read becomes (`The signing secret is unavailable`). */
    private readonly what = 'signing secret',
    private readonly client: () => Promise<SecretsManagerClient> = secretsManager(),
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
      throw new UnavailableError(`The ${this.what} is unavailable; nothing was changed.`);
    }
  }
}

/** One SecretSource per carrier, sharing one Secrets Manager client. */
export class CarrierSecretSources implements CarrierSecrets {
  private readonly sources: ReadonlyMap<CarrierId, SecretSource>;

  constructor(references: Readonly<Record<CarrierId, SecretLocation>>) {
    const shared = secretsManager();
    this.sources = new Map(
      (Object.entries(references) as [CarrierId, SecretLocation][]).map(([carrier, reference]) => [
        carrier,
        new SecretSource(reference, `signing secret of ${carrier}`, shared),
      ]),
    );
  }

  forCarrier(carrier: CarrierId): Promise<string> {
    const source = this.sources.get(carrier);
    if (!source) throw new Error(`No signing secret configured for ${carrier}`);
    return source.value();
  }
}
