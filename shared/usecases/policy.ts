/** Public privacy-policy use cases: the version in force (and the next announced one) and the list. */
import type { AppDependencies } from '../adapters/dependencies';
import { NotFoundError } from '../domain/errors';
import { effectiveVersion, type PolicyVersion, publicVersions, upcomingVersion } from '../domain/policy';

type Deps = Pick<AppDependencies, 'clock' | 'policies'>;

export interface PolicyView {
  readonly version: number;
  readonly effectiveAt: string;
  readonly content: string;
  readonly summary: string;
  readonly material: boolean;
}

const view = (v: PolicyVersion): PolicyView => ({
  version: v.version,
  effectiveAt: v.effectiveAt ?? '',
  content: v.content,
  summary: v.summary,
  material: v.material,
});

export async function currentPolicy(deps: Deps): Promise<PolicyView & { next?: PolicyView }> {
  const versions = await deps.policies.all();
  const now = deps.clock.now();
  const inForce = effectiveVersion(versions, now);
  if (!inForce) throw new NotFoundError('No privacy policy is in force yet.');
  const next = upcomingVersion(versions, now);
  return { ...view(inForce), ...(next && { next: view(next) }) };
}

export async function listPolicyVersions(deps: Deps) {
  const versions = publicVersions(await deps.policies.all(), deps.clock.now());
  return versions.map((v) => ({ ...view(v), status: v.publicStatus, announcedAt: v.announcedAt }));
}

/**
 * Puts version 1 in force if no version exists yet (first deployment, fresh local stack). It is
 * idempotent: a second run, or a run after the officer published versions, changes nothing.
 */
export async function seedInitialPolicy(
  deps: Deps,
  initial: { content: string; summary: string; effectiveAt: Date },
): Promise<boolean> {
  if ((await deps.policies.all()).length > 0) return false;
  const at = deps.clock.now().toISOString();
  try {
    await deps.policies.create({
      version: 1,
      status: 'announced',
      content: initial.content,
      summary: initial.summary,
      material: true,
      createdAt: at,
      announcedAt: at,
      effectiveAt: initial.effectiveAt.toISOString(),
    });
    return true;
  } catch (e) {
    if (e instanceof Error && e.name === 'ConflictError') return false;
    throw e;
  }
}
