// A Cognito-compatible identity service for the staff user pool (AWS JSON 1.1, the admin operations
// `npm run staff` and erasure use), so the real @aws-sdk/client-cognito-identity-provider manages
// local staff exactly as it manages the deployed pool. `npm run token -- --user EMAIL` signs tokens
// only for users it holds, with their groups. See docs/decisions/0024-staff-command-and-local-identity.md.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { STAFF_ROLES } from '../../shared/domain/access';
import { AwsJsonError, sendJson, serveAwsJson, stopServer } from '../aws-json';
import { nowSeconds } from '../clock';
import { listen } from '../listen';

/** The local staff pool's id (deployed pools are named `<region>_<id>`). */
export const LOCAL_STAFF_POOL_ID = 'local_staff';

export interface LocalUser {
  username: string;
  sub: string;
  email: string;
  enabled: boolean;
  status: 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';
  groups: string[];
  createdAt: number;
  /** Set by AdminUserGlobalSignOut: tokens issued before it are revoked. */
  signedOutAt?: number;
}

export interface IdentityServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Keeps users in this JSON file between runs (`npm start -- --persist`); in memory otherwise. */
  file?: string;
}

export interface IdentityServerHandle {
  readonly endpoint: string;
  readonly port: number;
  users(): LocalUser[];
  stop(): Promise<void>;
}

const error = (type: string, message: string) => new AwsJsonError(type, message);

export async function startIdentityServer(options: IdentityServerOptions = {}): Promise<IdentityServerHandle> {
  const { port = 0, host = '127.0.0.1', file } = options;
  const users = new Map<string, LocalUser>(
    file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalUser[]).map((u) => [u.username, u]) : [],
  );
  const save = () => {
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify([...users.values()], null, 2)}\n`, { mode: 0o600 });
  };

  const pool = (input: Record<string, unknown>) => {
    if (input.UserPoolId !== LOCAL_STAFF_POOL_ID) {
      throw error('ResourceNotFoundException', `User pool ${String(input.UserPoolId)} does not exist.`);
    }
  };
  const user = (input: Record<string, unknown>): LocalUser => {
    pool(input);
    const name = String(input.Username ?? '').toLowerCase();
    const found = users.get(name) ?? [...users.values()].find((u) => u.sub === name);
    if (!found) throw error('UserNotFoundException', 'User does not exist.');
    return found;
  };
  const group = (input: Record<string, unknown>): string => {
    const name = String(input.GroupName ?? '');
    if (!(STAFF_ROLES as readonly string[]).includes(name))
      throw error('ResourceNotFoundException', 'Group not found.');
    return name;
  };
  const attributes = (u: LocalUser) => [
    { Name: 'sub', Value: u.sub },
    { Name: 'email', Value: u.email },
    { Name: 'email_verified', Value: 'true' },
  ];
  const view = (u: LocalUser) => ({
    Username: u.username,
    Attributes: attributes(u),
    Enabled: u.enabled,
    UserStatus: u.status,
    UserCreateDate: u.createdAt,
    UserLastModifiedDate: u.createdAt,
  });
  const changed = <T>(result: T): T => {
    save();
    return result;
  };

  const operations = {
    AdminCreateUser: (input: Record<string, unknown>) => {
      pool(input);
      const attrs = (input.UserAttributes as { Name: string; Value: string }[] | undefined) ?? [];
      const email = (attrs.find((a) => a.Name === 'email')?.Value ?? String(input.Username ?? '')).toLowerCase();
      const username = String(input.Username ?? email).toLowerCase();
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw error('InvalidParameterException', 'Invalid email address format.');
      if (users.has(username))
        throw error('UsernameExistsException', 'An account with the given email already exists.');
      const created: LocalUser = {
        username,
        sub: randomUUID(),
        email,
        enabled: true,
        status: 'FORCE_CHANGE_PASSWORD',
        groups: [],
        createdAt: nowSeconds(),
      };
      users.set(username, created);
      return changed({ User: view(created) });
    },
    AdminGetUser: (input: Record<string, unknown>) => {
      const { Attributes, ...rest } = view(user(input));
      return { ...rest, UserAttributes: Attributes };
    },
    AdminAddUserToGroup: (input: Record<string, unknown>) => {
      const u = user(input);
      const g = group(input);
      if (!u.groups.includes(g)) u.groups.push(g);
      return changed({});
    },
    AdminRemoveUserFromGroup: (input: Record<string, unknown>) => {
      const u = user(input);
      const g = group(input);
      u.groups = u.groups.filter((x) => x !== g);
      return changed({});
    },
    AdminListGroupsForUser: (input: Record<string, unknown>) => ({
      Groups: user(input).groups.map((g) => ({ GroupName: g, UserPoolId: LOCAL_STAFF_POOL_ID })),
    }),
    ListUsersInGroup: (input: Record<string, unknown>) => {
      pool(input);
      const g = group(input);
      return { Users: [...users.values()].filter((u) => u.groups.includes(g)).map(view) };
    },
    ListUsers: (input: Record<string, unknown>) => {
      pool(input);
      return { Users: [...users.values()].map(view) };
    },
    AdminDisableUser: (input: Record<string, unknown>) => {
      user(input).enabled = false;
      return changed({});
    },
    AdminUserGlobalSignOut: (input: Record<string, unknown>) => {
      user(input).signedOutAt = nowSeconds();
      return changed({});
    },
    AdminDeleteUser: (input: Record<string, unknown>) => {
      users.delete(user(input).username);
      return changed({});
    },
  };

  const server = createServer((req, res) => {
    serveAwsJson(req, res, {
      targetPrefix: 'AWSCognitoIdentityProviderService',
      operations,
      maxRequestBytes: 64 * 1024,
      tooLarge: error('InvalidParameterException', 'Request too large.'),
    }).catch(() => sendJson(res, 500, { __type: 'InternalErrorException', message: 'Internal error' }));
  });
  const actualPort = await listen(server, port, host);
  return {
    endpoint: `http://${host}:${actualPort}`,
    port: actualPort,
    users: () => structuredClone([...users.values()]),
    stop: () => stopServer(server),
  };
}
