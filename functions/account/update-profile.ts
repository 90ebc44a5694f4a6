/** PATCH /v1/me — rectification; `If-Match` with the ETag from GET is required (428 without, 412 stale). */

import { consents, policies, profiles, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { PreconditionRequiredError } from '../../shared/domain/errors';
import { rectificationSchema } from '../../shared/domain/profile';
import { httpHandler } from '../../shared/http/handler';
import { etagOf, profileView, versionFromIfMatch } from '../../shared/http/profile-view';
import { rectifyProfile } from '../../shared/usecases/account';
import { routes } from '../routes';

const deps = appDependencies(routes.updateProfile.access, { consents, policies, profiles, uow });

export const handler = httpHandler(
  routes.updateProfile,
  { body: rectificationSchema },
  async ({ body, headers, access }) => {
    const expected = versionFromIfMatch(headers['if-match']);
    if (expected === undefined) {
      throw new PreconditionRequiredError('Send If-Match with the ETag from GET /v1/me to change your profile.');
    }
    const profile = await rectifyProfile(deps, body, expected, access);
    return { status: 200, body: profileView(profile), headers: { etag: etagOf(profile) } };
  },
  deps.config,
);
