// `npm run staff -- <create|list|remove|sign-in> …`: manages staff accounts in the staff user pool of a
// deployed stage (Cognito, through the AWS SDK) or of the running local stack (its Cognito-compatible
// identity service), with the same calls. See docs/deploy.md and docs/decisions/0024.
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  AssociateSoftwareTokenCommand,
  type AuthenticationResultType,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  ListUsersInGroupCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_STAFF_POOL_ID } from '../local/identity/server';
import { readRuntimeState } from '../local/runtime-state';
import { STAFF_ROLES, type StaffRole } from '../shared/domain/access';

const USAGE = `usage: npm run -s staff -- <command> [target]
  create  --email ADDRESS --group ${STAFF_ROLES.join('|')}   creates the account (Cognito mails a temporary password) in the group
          [--password P]                           --local only: the password (14+ characters), else one is printed
  list                                             staff accounts by group
  remove  --email ADDRESS                          signs the account out everywhere and deletes it
  sign-in --email ADDRESS                          prints an ID token (asks for password and TOTP code; deployed stages only)
target: --local (the running npm start) | --stack Orders-<stage>-Api [--region R] | --user-pool-id ID [--client-id ID] [--region R]`;

interface Target {
  readonly client: CognitoIdentityProviderClient;
  readonly userPoolId: string;
  /** The staff command-line app client (sign-in only). */
  readonly cliClientId?: string;
  /** The running local stack's pool: no mail, so `create` sets the password itself. */
  readonly local?: boolean;
}

type Values = Record<string, string | boolean | undefined>;

async function resolveTarget(values: Values): Promise<Target> {
  const region = (values.region as string | undefined) ?? process.env.AWS_REGION;
  if (values.local) {
    const state = readRuntimeState();
    if (!state.identityEndpoint) throw new Error('The running local stack has no identity service; restart npm start');
    return {
      client: new CognitoIdentityProviderClient({
        endpoint: state.identityEndpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      userPoolId: LOCAL_STAFF_POOL_ID,
      local: true,
    };
  }
  if (!region) throw new Error('Name the region: --region eu-west-1 (or AWS_REGION)');
  if (values.stack) {
    const cfn = new CloudFormationClient({ region });
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: values.stack as string }));
    const outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    if (!outputs.StaffUserPoolId) throw new Error(`Stack ${values.stack} has no StaffUserPoolId output`);
    return {
      client: new CognitoIdentityProviderClient({ region }),
      userPoolId: outputs.StaffUserPoolId,
      cliClientId: outputs.StaffCliClientId,
    };
  }
  if (values['user-pool-id']) {
    return {
      client: new CognitoIdentityProviderClient({ region }),
      userPoolId: values['user-pool-id'] as string,
      cliClientId: values['client-id'] as string | undefined,
    };
  }
  throw new Error('Name the pool: --local, --stack Orders-<stage>-Api or --user-pool-id ID');
}

const isRole = (value: string): value is StaffRole => (STAFF_ROLES as readonly string[]).includes(value);

async function create(target: Target, email: string, group: string, password?: string): Promise<string> {
  if (!isRole(group)) throw new Error(`--group must be one of ${STAFF_ROLES.join(', ')}`);
  if (password !== undefined && !target.local) throw new Error('--password is for --local only: Cognito mails one');
  if (password !== undefined && password.length < 14) throw new Error('--password needs 14 or more characters');
  const { User } = await target.client.send(
    new AdminCreateUserCommand({
      UserPoolId: target.userPoolId,
      Username: email,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    }),
  );
  await target.client.send(
    new AdminAddUserToGroupCommand({ UserPoolId: target.userPoolId, Username: email, GroupName: group }),
  );
  const sub = User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
  if (target.local) {
    // No mail locally: set a permanent password (the given one, or a random one printed once) for the staff
    // console's sign-in. There is no TOTP step locally (docs/decisions/0072).
    const chosen = password ?? randomBytes(15).toString('base64url');
    await target.client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: target.userPoolId,
        Username: email,
        Password: chosen,
        Permanent: true,
      }),
    );
    return `created ${email} (sub ${sub}) in ${group}; ${password ? 'password as given' : `password: ${chosen}`} (local sign-in, no MFA)`;
  }
  return `created ${email} (sub ${sub}) in ${group}; a temporary password is on its way by mail, and the first sign-in sets up TOTP`;
}

async function list(target: Target): Promise<string> {
  const lines: string[] = [];
  for (const group of STAFF_ROLES) {
    let next: string | undefined;
    do {
      const page = await target.client.send(
        new ListUsersInGroupCommand({ UserPoolId: target.userPoolId, GroupName: group, NextToken: next }),
      );
      for (const u of page.Users ?? []) {
        const email = u.Attributes?.find((a) => a.Name === 'email')?.Value ?? u.Username;
        lines.push(`${group}\t${email}\t${u.UserStatus}${u.Enabled === false ? '\tdisabled' : ''}`);
      }
      next = page.NextToken;
    } while (next);
  }
  return lines.length > 0 ? lines.join('\n') : 'no staff accounts';
}

async function remove(target: Target, email: string): Promise<string> {
  // Revoke refresh tokens first, then delete; ID and access tokens already issued expire on their own
  // (the staff clients issue them for minutes: infra/stages.ts staff.tokenMinutes).
  await target.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: target.userPoolId, Username: email }));
  await target.client.send(new AdminDeleteUserCommand({ UserPoolId: target.userPoolId, Username: email }));
  return `removed ${email}: signed out everywhere; tokens already issued stop working when they expire`;
}

/** Password + TOTP sign-in on the staff CLI client, including the first sign-in (new password, TOTP setup). */
async function signIn(target: Target, email: string): Promise<string> {
  if (!target.cliClientId) throw new Error('sign-in needs --stack, or --client-id with --user-pool-id');
  const ask = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const password = process.env.STAFF_PASSWORD ?? (await ask.question('password: '));
    let step: InitiateAuthCommandOutput = await target.client.send(
      new InitiateAuthCommand({
        ClientId: target.cliClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    let result: AuthenticationResultType | undefined = step.AuthenticationResult;
    while (!result) {
      const respond = (responses: Record<string, string>, session = step.Session) =>
        target.client.send(
          new RespondToAuthChallengeCommand({
            ClientId: target.cliClientId,
            ChallengeName: step.ChallengeName,
            Session: session,
            ChallengeResponses: { USERNAME: email, ...responses },
          }),
        );
      if (step.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
        step = await respond({ NEW_PASSWORD: await ask.question('new password (14+ characters, mixed): ') });
      } else if (step.ChallengeName === 'MFA_SETUP') {
        const { SecretCode, Session } = await target.client.send(
          new AssociateSoftwareTokenCommand({ Session: step.Session }),
        );
        process.stderr.write(
          `Add this key to your authenticator app: otpauth://totp/orders:${email}?secret=${SecretCode}\n`,
        );
        const verified = await target.client.send(
          new VerifySoftwareTokenCommand({ Session, UserCode: await ask.question('code from the app: ') }),
        );
        step = await respond({}, verified.Session);
      } else if (step.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
        step = await respond({ SOFTWARE_TOKEN_MFA_CODE: await ask.question('TOTP code: ') });
      } else {
        throw new Error(`Unexpected sign-in challenge ${step.ChallengeName}`);
      }
      result = step.AuthenticationResult;
    }
    if (!result.IdToken) throw new Error('Cognito returned no ID token');
    return result.IdToken;
  } finally {
    ask.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let values: Values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        group: { type: 'string' },
        password: { type: 'string' },
        local: { type: 'boolean' },
        stack: { type: 'string' },
        region: { type: 'string' },
        'user-pool-id': { type: 'string' },
        'client-id': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch {
    return usage();
  }
  const email = (values.email as string | undefined)?.trim().toLowerCase();
  const needsEmail = command === 'create' || command === 'remove' || command === 'sign-in';
  if (!command || !['create', 'list', 'remove', 'sign-in'].includes(command) || (needsEmail && !email)) return usage();
  if (command === 'create' && !values.group) return usage();
  const target = await resolveTarget(values);
  const out =
    command === 'create'
      ? await create(target, email as string, values.group as string, values.password as string | undefined)
      : command === 'list'
        ? await list(target)
        : command === 'remove'
          ? await remove(target, email as string)
          : await signIn(target, email as string);
  process.stdout.write(`${out}\n`);
  return 0;
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const e = error as Error;
    process.stderr.write(`staff: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}\n`);
    process.exitCode = 1;
  },
);
