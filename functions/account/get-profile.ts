/** GET /v1/me — the caller's own profile, decrypted, with its ETag for rectification. */

import { profiles } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { etagOf, profileView } from '../../shared/http/profile-view';
import { getOwnProfile } from '../../shared/usecases/account';
import { routes } from '../routes';

const deps = appDependencies(routes.getProfile.access, { profiles });

export const handler = httpHandler(
  routes.getProfile,
  {},
  async ({ access }) => {
    const profile = await getOwnProfile(deps, access);
    return { status: 200, body: profileView(profile), headers: { etag: etagOf(profile) } };
  },
  deps.config,
);
