/**
 * Cognito post-authentication trigger of the customer pool: a sign-in is activity, so the account's
 * inactivity notice (and any erasure it announced) moves INACTIVE_ACCOUNT_DAYS ahead. It never fails
 * a sign-in: Cognito would refuse it, and the next authenticated request records the activity too.
 */
import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import { logger } from '../../shared/adapters/logger';
import { profiles } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { signedIn } from '../../shared/usecases/activity';
import { identityTriggers } from './index';

const deps = appDependencies(identityTriggers.postAuthentication.access, { profiles });

/** Cognito expects the event back. */
export const handler = async (event: PostAuthenticationTriggerEvent): Promise<PostAuthenticationTriggerEvent> => {
  const subjectId = event.request.userAttributes.sub;
  try {
    if (subjectId) await signedIn(deps, subjectId);
  } catch (e) {
    logger.warn('Sign-in activity not recorded', { errorName: e instanceof Error ? e.name : 'Error' });
  }
  return event;
};
