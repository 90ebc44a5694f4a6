/**
 * The identity provider's account of a subject. Erasure removes it: in AWS the Cognito user
 * (`AdminDeleteUser`; the pool uses the `sub` as username); locally the removal is recorded, since
 * the local token issuer keeps no accounts.
 */
import {
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { UnavailableError } from '../domain/errors';
import type { IdentityDirectory } from '../ports/privacy';
import { logger } from './logger';
import { traced } from './tracer';

export class CognitoDirectory implements IdentityDirectory {
  constructor(
    private readonly userPoolId: string,
    private readonly client = traced(new CognitoIdentityProviderClient({})),
  ) {}

  async deleteAccount(subjectId: string): Promise<'deleted' | 'absent'> {
    try {
      await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: subjectId }));
      return 'deleted';
    } catch (e) {
      if (e instanceof UserNotFoundException) return 'absent';
      throw new UnavailableError('The identity provider is unavailable; the erasure will resume.');
    }
  }
}

/** Local runtime: no accounts exist, so the removal is only recorded (by action, not by identity). */
export class RecordingDirectory implements IdentityDirectory {
  readonly removed: string[] = [];

  async deleteAccount(subjectId: string): Promise<'recorded'> {
    this.removed.push(subjectId);
    logger.info('Identity-provider account removal recorded (local runtime: no accounts to delete)');
    return 'recorded';
  }
}
