/** GET /v1/me — the caller's own profile, decrypted, with its ETag for rectification. */
import { appDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/handler';
import { etagOf, profileView } from '../../shared/http/profile-view';
import { getOwnProfile } from '../../shared/usecases/account';
import { routes } from '../routes';

const deps = appDependencies(routes.getProfile.access);

export const handler = httpHandler(
  routes.getProfile,
  {},
  async ({ access }) => {
    const profile = await getOwnProfile(deps, access);
    return { status: 200, body: profileView(profile), headers: { etag: etagOf(profile) } };
  },
  deps.config,
);
