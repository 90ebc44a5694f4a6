/**
 * The identity provider's accounts. Customers: an erasure signs the subject out everywhere, then
 * removes the sign-in account (in AWS the customer pool's Cognito user; locally the identity
 * service's). Staff: who holds a staff role (complaint assignment). Accounts are found by `sub`,
 * never by assuming it is the username: the pools sign in by e-mail, so Cognito's own username for
 * a user differs from the `sub` the tokens carry.
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { StaffRole } from '../domain/access';
import { UnavailableError } from '../domain/errors';
import type { StaffDirectory } from '../ports/complaints';
import type { IdentityDirectory } from '../ports/privacy';
import { lazyClient } from './lazy-client';
import { logger } from './logger';

/** A pool's user found by `sub`: the username the pool's admin operations take, and whether it may sign in. */
async function userBySub(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  sub: string,
): Promise<{ username: string; enabled: boolean } | undefined> {
  // A sub is opaque: refuse anything that could change the filter's meaning rather than escape it.
  if (!/^[A-Za-z0-9_.@:-]{1,128}$/.test(sub)) return undefined;
  const { ListUsersCommand } = await cognito();
  const { Users } = await client.send(
    new ListUsersCommand({ UserPoolId: userPoolId, Filter: `sub = "${sub}"`, Limit: 1 }),
  );
  const [user] = Users ?? [];
  return user?.Username ? { username: user.Username, enabled: user.Enabled !== false } : undefined;
}

/** The Cognito SDK, loaded on first use (shared/adapters/lazy-client.ts). */
const cognito = () => import('@aws-sdk/client-cognito-identity-provider');
const isUserNotFound = (e: unknown): boolean => e instanceof Error && e.name === 'UserNotFoundException';

const unavailable = () => new UnavailableError('The identity provider is unavailable; the erasure will resume.');

export class CognitoDirectory implements IdentityDirectory {
  private readonly client: () => Promise<CognitoIdentityProviderClient>;

  constructor(
    private readonly userPoolId: string,
    client?: CognitoIdentityProviderClient,
  ) {
    this.client = lazyClient(client, async () => new (await cognito()).CognitoIdentityProviderClient({}));
  }

  async signOut(subjectId: string): Promise<'signed-out' | 'absent'> {
    return this.withUser(subjectId, async (client, Username) => {
      const { AdminUserGlobalSignOutCommand } = await cognito();
      await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username }));
      return 'signed-out' as const;
    });
  }

  /** Signs out first: deleting alone leaves the refresh tokens of the deleted user to fail one by one. */
  async deleteAccount(subjectId: string): Promise<'deleted' | 'absent'> {
    return this.withUser(subjectId, async (client, Username) => {
      const { AdminDeleteUserCommand, AdminUserGlobalSignOutCommand } = await cognito();
      await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username }));
      await client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username }));
      return 'deleted' as const;
    });
  }

  /** Runs `fn` with the subject's username; an account that does not exist (or no longer) is `absent`. */
  private async withUser<T>(
    subjectId: string,
    fn: (client: CognitoIdentityProviderClient, username: string) => Promise<T>,
  ): Promise<T | 'absent'> {
    try {
      const client = await this.client();
      const user = await userBySub(client, this.userPoolId, subjectId);
      return user ? await fn(client, user.username) : 'absent';
    } catch (e) {
      if (isUserNotFound(e)) return 'absent';
      throw unavailable();
    }
  }
}

/** Staff accounts of the staff pool, by `sub`: enabled, and in the role's group. */
export class CognitoStaffDirectory implements StaffDirectory {
  private readonly client: () => Promise<CognitoIdentityProviderClient>;

  constructor(
    private readonly staffPoolId: string,
    client?: CognitoIdentityProviderClient,
  ) {
    this.client = lazyClient(client, async () => new (await cognito()).CognitoIdentityProviderClient({}));
  }

  async hasRole(subjectId: string, role: StaffRole): Promise<boolean> {
    try {
      const client = await this.client();
      const user = await userBySub(client, this.staffPoolId, subjectId);
      if (!user?.enabled) return false;
      const { AdminListGroupsForUserCommand } = await cognito();
      const { Groups } = await client.send(
        new AdminListGroupsForUserCommand({ UserPoolId: this.staffPoolId, Username: user.username }),
      );
      return (Groups ?? []).some((g) => g.GroupName === role);
    } catch (e) {
      if (isUserNotFound(e)) return false;
      throw new UnavailableError('The staff directory is unavailable; nothing was changed.');
    }
  }
}

/** No identity provider configured (tests over the ports): sign-outs and removals are recorded, by action only. */
export class RecordingDirectory implements IdentityDirectory {
  readonly signedOut: string[] = [];
  readonly removed: string[] = [];

  async signOut(subjectId: string): Promise<'recorded'> {
    this.signedOut.push(subjectId);
    return 'recorded';
  }

  async deleteAccount(subjectId: string): Promise<'recorded'> {
    this.removed.push(subjectId);
    logger.info('Identity-provider account removal recorded (no identity provider configured)');
    return 'recorded';
  }
}
