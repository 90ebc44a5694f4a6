// A Cognito-compatible identity service (AWS JSON 1.1) with the two user pools the backend has: the
// staff pool (the admin operations `npm run staff` and the complaint assignment check use) and the
// customer pool (sign-up, password sign-in with the post-authentication trigger, and the look-up,
// global sign-out and deletion an erasure does), and password sign-in to the staff pool on the local staff web
// client (the staff console's e-mail + password form; the deployed pool also asks for a TOTP code, which the
// local sign-in does not: docs/decisions/0072). The real @aws-sdk/client-cognito-identity-provider
// talks to it exactly as it talks to the deployed pools. See docs/decisions/0024 and 0042.
//
// Like the deployed pools, which sign in by e-mail, a user's username is not their `sub`: admin
// operations find a user by username or e-mail, and `ListUsers` filters on `sub` (or e-mail).
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import { STAGES } from '../../infra/stages';
import { CUSTOMER_TOKEN_LIFETIMES } from '../../shared/config/resources';
import { STAFF_ROLES } from '../../shared/domain/access';
import { LOCAL_AUDIENCE, LOCAL_STAFF_AUDIENCE, signToken } from '../auth/issuer';
import { AwsJsonError, sendJson, serveAwsJson, stopServer } from '../aws-json';
import { nowSeconds } from '../clock';
import { listen } from '../listen';

/** The local staff pool's id (deployed pools are named `<region>_<id>`). */
export const LOCAL_STAFF_POOL_ID = 'local_staff';
/** The local customer pool's id; its app client is the local token issuer's audience. */
export const LOCAL_CUSTOMER_POOL_ID = 'local_customers';
export const LOCAL_CUSTOMER_CLIENT_ID = LOCAL_AUDIENCE;
/** The local staff pool's web app client (the staff console's password sign-in); also an audience the gateway accepts. */
export const LOCAL_STAFF_CLIENT_ID = LOCAL_STAFF_AUDIENCE;

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
  /** scrypt, `<salt hex>:<hash hex>` (customers who signed up; staff given one by AdminSetUserPassword). */
  passwordHash?: string;
}

/** The customer pool's post-authentication trigger, as Cognito calls the Lambda function. */
export type PostAuthenticationTrigger = (event: PostAuthenticationTriggerEvent) => Promise<unknown>;

export interface IdentityServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Keeps staff in this JSON file between runs (`npm start -- --persist`); in memory otherwise. */
  file?: string;
  /** Keeps customers in this JSON file between runs; in memory otherwise. */
  customerFile?: string;
  /** Called after every successful customer sign-in; a failure fails the sign-in, as in Cognito. */
  postAuthentication?: PostAuthenticationTrigger;
  /** How long a staff ID token lasts. @default the `dev` stage's staff.tokenMinutes (infra/stages.ts) */
  staffTokenMinutes?: number;
}

export interface IdentityServerHandle {
  readonly endpoint: string;
  readonly port: number;
  /** The staff pool's users. */
  users(): LocalUser[];
  /** The customer pool's users. */
  customers(): LocalUser[];
  stop(): Promise<void>;
}

const error = (type: string, message: string) => new AwsJsonError(type, message);

/** One user pool: its users by username, kept in `file` if given. */
class Pool {
  readonly users: Map<string, LocalUser>;

  constructor(
    readonly id: string,
    private readonly file: string | undefined,
  ) {
    this.users = new Map(
      file && existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as LocalUser[]).map((u) => [u.username, u])
        : [],
    );
  }

  save(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, `${JSON.stringify([...this.users.values()], null, 2)}\n`, { mode: 0o600 });
  }

  /** By username or e-mail (an alias); the staff pool also by `sub`, which `npm run staff` has always accepted. */
  find(name: string): LocalUser | undefined {
    const key = name.toLowerCase();
    const values = [...this.users.values()];
    return (
      this.users.get(key) ??
      values.find((u) => u.email === key) ??
      (this.id === LOCAL_STAFF_POOL_ID ? values.find((u) => u.sub === name) : undefined)
    );
  }
}

const hashPassword = (password: string): string => {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(password, salt, 32).toString('hex')}`;
};

const passwordMatches = (password: string, stored: string | undefined): boolean => {
  const [salt, hash] = stored?.split(':') ?? [];
  if (!salt || !hash) return false;
  return timingSafeEqual(scryptSync(password, Buffer.from(salt, 'hex'), 32), Buffer.from(hash, 'hex'));
};

/** `attribute = "value"` or `attribute ^= "prefix"`, the filters ListUsers accepts. */
function filterOf(raw: unknown): ((u: LocalUser) => boolean) | undefined {
  if (raw === undefined || raw === '') return undefined;
  const match = /^\s*(sub|email|username)\s*(\^?=)\s*"([^"]*)"\s*$/.exec(String(raw));
  if (!match) throw error('InvalidParameterException', 'Invalid filter expression.');
  const [, attribute, operator, value = ''] = match;
  const of = (u: LocalUser) => (attribute === 'sub' ? u.sub : attribute === 'email' ? u.email : u.username);
  return operator === '=' ? (u) => of(u) === value : (u) => of(u).startsWith(value);
}

export async function startIdentityServer(options: IdentityServerOptions = {}): Promise<IdentityServerHandle> {
  const { port = 0, host = '127.0.0.1' } = options;
  const pools = new Map([
    [LOCAL_STAFF_POOL_ID, new Pool(LOCAL_STAFF_POOL_ID, options.file)],
    [LOCAL_CUSTOMER_POOL_ID, new Pool(LOCAL_CUSTOMER_POOL_ID, options.customerFile)],
  ]);
  const staff = pools.get(LOCAL_STAFF_POOL_ID) as Pool;
  const customers = pools.get(LOCAL_CUSTOMER_POOL_ID) as Pool;

  const pool = (input: Record<string, unknown>): Pool => {
    const found = pools.get(String(input.UserPoolId));
    if (!found) throw error('ResourceNotFoundException', `User pool ${String(input.UserPoolId)} does not exist.`);
    return found;
  };
  const user = (input: Record<string, unknown>): { pool: Pool; user: LocalUser } => {
    const p = pool(input);
    const found = p.find(String(input.Username ?? ''));
    if (!found) throw error('UserNotFoundException', 'User does not exist.');
    return { pool: p, user: found };
  };
  const customerClient = (input: Record<string, unknown>) => {
    if (input.ClientId !== LOCAL_CUSTOMER_CLIENT_ID) throw error('ResourceNotFoundException', 'Client not found.');
  };
  const group = (input: Record<string, unknown>): string => {
    if (pool(input) !== staff) throw error('ResourceNotFoundException', 'Group not found.');
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
  const emailOf = (input: Record<string, unknown>): string => {
    const attrs = (input.UserAttributes as { Name: string; Value: string }[] | undefined) ?? [];
    const email = (attrs.find((a) => a.Name === 'email')?.Value ?? String(input.Username ?? '')).toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw error('InvalidParameterException', 'Invalid email address format.');
    return email;
  };
  const add = (p: Pool, created: LocalUser): LocalUser => {
    if (p.find(created.username) || p.find(created.email))
      throw error('UsernameExistsException', 'An account with the given email already exists.');
    p.users.set(created.username, created);
    p.save();
    return created;
  };
  const changed = <T>(p: Pool, result: T): T => {
    p.save();
    return result;
  };

  const credentials = (input: Record<string, unknown>, p: Pool): LocalUser => {
    if (input.AuthFlow !== 'USER_PASSWORD_AUTH')
      throw error('InvalidParameterException', 'Only USER_PASSWORD_AUTH is supported locally.');
    const params = (input.AuthParameters as Record<string, string> | undefined) ?? {};
    const found = p.find(params.USERNAME ?? '');
    if (!found?.enabled || !passwordMatches(params.PASSWORD ?? '', found.passwordHash)) {
      throw error('NotAuthorizedException', 'Incorrect username or password.');
    }
    return found;
  };

  /** Password sign-in to the customer pool, then the post-authentication trigger, as Cognito runs it. */
  const customerSignIn = async (input: Record<string, unknown>) => {
    const found = credentials(input, customers);
    if (options.postAuthentication) {
      try {
        await options.postAuthentication(postAuthenticationEvent(found));
      } catch {
        throw error('UnexpectedLambdaException', 'PostAuthentication failed.');
      }
    }
    const lifetime = CUSTOMER_TOKEN_LIFETIMES.idTokenHours * 3600;
    const token = signToken({
      sub: found.sub,
      expiresInSeconds: lifetime,
      claims: { email: found.email, 'cognito:username': found.username },
    });
    return {
      AuthenticationResult: { IdToken: token, ExpiresIn: lifetime, TokenType: 'Bearer' },
      ChallengeParameters: {},
    };
  };

  /**
   * Password sign-in to the staff pool on the staff web client: an ID token with the user's groups, for the staff
   * clients' token lifetime. The deployed pool then asks for a TOTP code; locally there is no MFA step.
   */
  const staffSignIn = (input: Record<string, unknown>) => {
    const found = credentials(input, staff);
    const lifetime = (options.staffTokenMinutes ?? STAGES.dev.staff.tokenMinutes) * 60;
    const token = signToken({
      sub: found.sub,
      audience: LOCAL_STAFF_CLIENT_ID,
      groups: found.groups,
      expiresInSeconds: lifetime,
      claims: { email: found.email, 'cognito:username': found.username },
    });
    return {
      AuthenticationResult: { IdToken: token, ExpiresIn: lifetime, TokenType: 'Bearer' },
      ChallengeParameters: {},
    };
  };

  const signIn = async (input: Record<string, unknown>) => {
    if (input.ClientId === LOCAL_STAFF_CLIENT_ID) return staffSignIn(input);
    customerClient(input);
    return customerSignIn(input);
  };

  const operations = {
    SignUp: (input: Record<string, unknown>) => {
      customerClient(input);
      const password = String(input.Password ?? '');
      if (password.length < 12) throw error('InvalidPasswordException', 'Password does not conform to policy.');
      // The deployed pool mails a code first; locally the address counts as verified at once.
      const created = add(customers, {
        username: randomUUID(),
        sub: randomUUID(),
        email: emailOf(input),
        enabled: true,
        status: 'CONFIRMED',
        groups: [],
        createdAt: nowSeconds(),
        passwordHash: hashPassword(password),
      });
      return { UserConfirmed: true, UserSub: created.sub };
    },
    InitiateAuth: signIn,
    AdminCreateUser: (input: Record<string, unknown>) => {
      const p = pool(input);
      const email = emailOf(input);
      const created = add(p, {
        username: String(input.Username ?? email).toLowerCase(),
        sub: randomUUID(),
        email,
        enabled: true,
        status: 'FORCE_CHANGE_PASSWORD',
        groups: [],
        createdAt: nowSeconds(),
      });
      return { User: view(created) };
    },
    /**
     * Sets a permanent password and confirms the user (locally there is no mail to carry a temporary one, and
     * no NEW_PASSWORD_REQUIRED challenge to answer, so temporary passwords are refused). The staff pool's policy.
     */
    AdminSetUserPassword: (input: Record<string, unknown>) => {
      const { pool: p, user: u } = user(input);
      if (input.Permanent !== true)
        throw error('InvalidParameterException', 'Only permanent passwords are supported locally.');
      const password = String(input.Password ?? '');
      if (password.length < 14) throw error('InvalidPasswordException', 'Password does not conform to policy.');
      u.passwordHash = hashPassword(password);
      u.status = 'CONFIRMED';
      return changed(p, {});
    },
    AdminGetUser: (input: Record<string, unknown>) => {
      const { Attributes, ...rest } = view(user(input).user);
      return { ...rest, UserAttributes: Attributes };
    },
    AdminAddUserToGroup: (input: Record<string, unknown>) => {
      const { pool: p, user: u } = user(input);
      const g = group(input);
      if (!u.groups.includes(g)) u.groups.push(g);
      return changed(p, {});
    },
    AdminRemoveUserFromGroup: (input: Record<string, unknown>) => {
      const { pool: p, user: u } = user(input);
      const g = group(input);
      u.groups = u.groups.filter((x) => x !== g);
      return changed(p, {});
    },
    AdminListGroupsForUser: (input: Record<string, unknown>) => {
      const { pool: p, user: u } = user(input);
      return { Groups: u.groups.map((g) => ({ GroupName: g, UserPoolId: p.id })) };
    },
    ListUsersInGroup: (input: Record<string, unknown>) => {
      const g = group(input);
      return { Users: [...staff.users.values()].filter((u) => u.groups.includes(g)).map(view) };
    },
    ListUsers: (input: Record<string, unknown>) => {
      const matches = filterOf(input.Filter) ?? (() => true);
      return { Users: [...pool(input).users.values()].filter(matches).map(view) };
    },
    AdminDisableUser: (input: Record<string, unknown>) => {
      const { pool: p, user: u } = user(input);
      u.enabled = false;
      return changed(p, {});
    },
    AdminUserGlobalSignOut: (input: Record<string, unknown>) => {
      const { pool: p, user: u } = user(input);
      u.signedOutAt = nowSeconds();
      return changed(p, {});
    },
    AdminDeleteUser: (input: Record<string, unknown>) => {
      const { pool: p, user: u } = user(input);
      p.users.delete(u.username);
      return changed(p, {});
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
    users: () => structuredClone([...staff.users.values()]),
    customers: () => structuredClone([...customers.users.values()]),
    stop: () => stopServer(server),
  };
}

/** The event Cognito sends a post-authentication trigger after a password sign-in. */
function postAuthenticationEvent(u: LocalUser): PostAuthenticationTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: LOCAL_CUSTOMER_POOL_ID,
    userName: u.username,
    callerContext: { awsSdkVersion: 'local', clientId: LOCAL_CUSTOMER_CLIENT_ID },
    triggerSource: 'PostAuthentication_Authentication',
    request: { userAttributes: { sub: u.sub, email: u.email, email_verified: 'true' }, newDeviceUsed: false },
    response: {},
  };
}
