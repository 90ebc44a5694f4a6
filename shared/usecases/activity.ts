/**
 * Activity keeps an account: a sign-in, an order, a privacy request, or any authenticated request by
 * the subject moves the inactivity notice INACTIVE_ACCOUNT_DAYS ahead (and cancels an erasure the
 * notice announced). Requests are many, so they cost at most one write per subject per day.
 */
import type { Ports } from '../ports';

type Deps = Pick<Ports, 'clock' | 'profiles'>;

/** A sign-in (the identity provider's post-authentication trigger). False if the subject has no open profile. */
export async function signedIn(deps: Deps, subjectId: string): Promise<boolean> {
  return deps.profiles.recordActivity(subjectId, deps.clock.now());
}

/** An authenticated request by the subject: recorded once a day at most. */
export async function visited(deps: Deps, subjectId: string): Promise<boolean> {
  return deps.profiles.recordDailyActivity(subjectId, deps.clock.now());
}
