/**
 * The identity trigger table: functions the customer user pool calls during sign-in. CDK builds one
 * function per entry and attaches it to the pool (infra/constructs/identity-triggers.ts); locally the
 * identity service calls the same module after a password sign-in (local/identity/server.ts). Pure data.
 */
import type { FunctionAccess } from '../../shared/config/resources';

export interface TriggerDefinition {
  /** Module relative to the repository root; exports the Lambda `handler`. */
  readonly entry: string;
  readonly access: FunctionAccess;
}

export const identityTriggers = {
  // Every sign-in postpones the inactivity notice: one conditional update of the profile's activity.
  postAuthentication: { entry: 'functions/triggers/post-authentication.ts', access: { activity: 'record' } },
} as const satisfies Record<string, TriggerDefinition>;
