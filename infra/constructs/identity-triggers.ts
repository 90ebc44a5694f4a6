/**
 * The identity trigger table (`functions/triggers/index.ts`) as deployed: one house function per
 * entry, granted exactly its access, attached to the customer pool under the operation it is named
 * after (e.g. `postAuthentication`).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { type UserPool, UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TriggerDefinition } from '../../functions/triggers/index';
import { triggerRoleName } from '../naming';
import { type GrantTargets, grantFunctionAccess } from './grants';
import { HouseFunction } from './house-function';

export interface IdentityTriggersProps {
  readonly repoRoot: string;
  readonly stage: string;
  readonly pool: UserPool;
  /** By Cognito operation name. */
  readonly triggers: Readonly<Record<string, TriggerDefinition>>;
  readonly grantTargets: GrantTargets;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly logRetention: RetentionDays;
}

export class IdentityTriggers extends Construct {
  readonly functions: Readonly<Record<string, HouseFunction>>;

  constructor(scope: Construct, id: string, props: IdentityTriggersProps) {
    super(scope, id);
    const built: Record<string, HouseFunction> = {};
    for (const [operation, trigger] of Object.entries(props.triggers)) {
      const fn = new HouseFunction(this, operation, {
        repoRoot: props.repoRoot,
        entry: trigger.entry,
        serviceName: 'orders',
        memorySize: 256,
        // Cognito waits at most 5 s for a trigger; the work is one conditional write.
        timeout: Duration.seconds(5),
        description: `Customer pool ${operation} trigger`,
        roleName: triggerRoleName(props.stage, operation),
        logLevel: props.logLevel,
        logRetention: props.logRetention,
      });
      grantFunctionAccess(fn, trigger.access, props.grantTargets);
      props.pool.addTrigger(UserPoolOperation.of(operation), fn.function);
      Validations.of(fn.function).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously by Cognito during sign-in: a failure reaches Cognito at once, and Lambda sends only asynchronous invocations to a DLQ',
      });
      built[operation] = fn;
    }
    this.functions = built;
  }
}
