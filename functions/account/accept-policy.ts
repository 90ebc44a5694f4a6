/** POST /v1/me/policy-acceptances — accept the policy version in force (needed after a material change). */

import { consents, policies, profiles, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { acceptanceSchema } from '../../shared/domain/policy';
import { httpHandler } from '../../shared/http/handler';
import { acceptPolicy } from '../../shared/usecases/policy';
import { routes } from '../routes';

const deps = appDependencies(routes.acceptPolicy.access, { consents, policies, profiles, uow });

export const handler = httpHandler(
  routes.acceptPolicy,
  { body: acceptanceSchema },
  async ({ body, access }) => {
    const { alreadyAccepted, ...accepted } = await acceptPolicy(deps, body.version, access);
    // The acceptance is part of the caller's profile (`acceptedPolicyVersion`).
    return alreadyAccepted
      ? { status: 200, body: accepted }
      : { status: 201, body: accepted, headers: { location: '/v1/me' } };
  },
  deps.config,
);
