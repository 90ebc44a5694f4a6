/** POST /v1/me — register: personal details, acceptance of the policy in force, optional consents. */

import { consents, policies, profiles, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { registrationSchema } from '../../shared/domain/profile';
import { httpHandler } from '../../shared/http/handler';
import { etagOf, profileView } from '../../shared/http/profile-view';
import { registerProfile } from '../../shared/usecases/account';
import { routes } from '../routes';

const deps = appDependencies(routes.registerProfile.access, { consents, policies, profiles, uow });

export const handler = httpHandler(
  routes.registerProfile,
  { body: registrationSchema },
  async ({ body, access }) => {
    const profile = await registerProfile(deps, body, access);
    return { status: 201, body: profileView(profile), headers: { etag: etagOf(profile), location: '/v1/me' } };
  },
  deps.config,
);
