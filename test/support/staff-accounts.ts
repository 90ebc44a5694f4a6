/**
 * Staff accounts in a running stack's local staff pool, made with the calls `npm run staff -- create --local`
 * makes (AdminCreateUser, AdminAddUserToGroup, AdminSetUserPassword), through the real SDK.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_STAFF_POOL_ID } from '../../local/identity/server';
import type { StaffRole } from '../../shared/domain/access';

/** Creates the account in `group` with `password` (permanent, as the local command sets it). */
export async function createStaffAccount(
  identityEndpoint: string,
  email: string,
  group: StaffRole,
  password: string,
): Promise<void> {
  const client = new CognitoIdentityProviderClient({
    endpoint: identityEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const pool = { UserPoolId: LOCAL_STAFF_POOL_ID, Username: email };
    await client.send(new AdminCreateUserCommand({ ...pool, UserAttributes: [{ Name: 'email', Value: email }] }));
    await client.send(new AdminAddUserToGroupCommand({ ...pool, GroupName: group }));
    await client.send(new AdminSetUserPasswordCommand({ ...pool, Password: password, Permanent: true }));
  } finally {
    client.destroy();
  }
}
