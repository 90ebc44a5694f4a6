/**
 * Shared helpers for the infra tests: synthesise the real app once per test file and read the
 * templates back. The stacks after the stateful one (Api, Routes-*, Jobs, Streams, Operations) are also read
 * as one merged template, `stateless`: each stack's logical ids are prefixed with its stack id and
 * the weak references between those stacks are resolved, so a test can follow a route to its
 * function and role wherever the split put them. References to the stateful stack stay
 * `Fn::GetStackOutput` (see resolveStatefulRef).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BUNDLING_STACKS, type CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { type BuildAppProps, type BuiltApp, buildApp } from '../../infra/build-app';
import { type FunctionAccess, type TableId, tables } from '../../shared/config/resources';

export interface Synthesised {
  readonly built: BuiltApp;
  readonly assembly: CloudAssembly;
  readonly stateful: Template;
  /** Every stack but the stateful one, merged (logical ids prefixed with the stack's id). */
  readonly stateless: Template;
  /** Each stack's own template, by stack id. */
  readonly templates: Readonly<Record<string, Template>>;
  readonly outdir: string;
}

/** The context a `prod` synthesis needs (config.ts refuses it without explicit values). */
export const PROD_CONTEXT = {
  stage: 'prod',
  account: '111122223333',
  region: 'eu-central-1',
  allowedOrigins: 'https://shop.example.com,https://account.example.com',
  emailFrom: 'no-reply@shop.example.com',
  operatorEmails: 'ops@shop.example.com',
  officerEmails: 'dpo@shop.example.com',
} as const;

export interface SynthesiseProps extends BuildAppProps {
  /**
   * `false` skips esbuild (CDK's `aws:cdk:bundling-stacks` context set to none): the templates are the
   * same except for asset hashes, and synthesis takes seconds instead of one esbuild run per function.
   * For files that test templates, not bundles; stateless-stack.test.ts keeps bundling, so a handler
   * that does not bundle still fails the infra tests. @default true
   */
  readonly bundle?: boolean;
}

/** Synthesises the app exactly as `infra/app.ts` does, into a throwaway directory. */
export function synthesise(props: SynthesiseProps = {}): Synthesised {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-test-'));
  const { bundle = true, ...buildProps } = props;
  const context = { ...buildProps.appProps?.context, ...(bundle ? {} : { [BUNDLING_STACKS]: [] }) };
  const built = buildApp({ ...buildProps, appProps: { ...buildProps.appProps, outdir, context } });
  const assembly = built.app.synth();
  const templates = Object.fromEntries(
    statelessStacks(built).map((stack) => [stack.stackName, Template.fromStack(stack)]),
  );
  return {
    built,
    assembly,
    stateful: Template.fromStack(built.stateful),
    stateless: Template.fromJSON(mergeTemplates(statelessStacks(built)), { skipCyclicalDependenciesCheck: true }),
    templates: { ...templates, [built.stateful.stackName]: Template.fromStack(built.stateful) },
    outdir,
  };
}

/** The stacks merged into `stateless`, in deployment order. */
export function statelessStacks(built: BuiltApp): Stack[] {
  return [built.api, ...Object.values(built.routeGroups), built.jobs, built.streams, built.operations];
}

/** `Orders-dev-Routes-Admin` → `RoutesAdmin`: the prefix of that stack's logical ids in `stateless`. */
const prefixOf = (stack: Stack): string => stack.stackName.split('-').slice(2).join('');

function mergeTemplates(stacks: Stack[]): Json {
  const byName = new Map(stacks.map((stack) => [stack.stackName, stack]));
  const rendered = new Map(stacks.map((stack) => [stack.stackName, Template.fromStack(stack).toJSON() as Json]));
  const rename = (stack: Stack, value: Json): Json => {
    const prefix = prefixOf(stack);
    const own = new Set(Object.keys(rendered.get(stack.stackName)?.Resources ?? {}));
    const walk = (v: Json): Json => {
      if (Array.isArray(v)) return v.map(walk);
      if (!v || typeof v !== 'object') return v;
      if ('Ref' in v && typeof v.Ref === 'string' && own.has(v.Ref)) return { Ref: prefix + v.Ref };
      if ('Fn::GetAtt' in v && own.has(v['Fn::GetAtt'][0])) {
        return { 'Fn::GetAtt': [prefix + v['Fn::GetAtt'][0], ...v['Fn::GetAtt'].slice(1)] };
      }
      if ('Fn::GetStackOutput' in v) {
        const source = byName.get(v['Fn::GetStackOutput'].StackName);
        if (source)
          return rename(source, rendered.get(source.stackName).Outputs[v['Fn::GetStackOutput'].OutputName].Value);
      }
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    };
    return walk(value);
  };
  const merged: Json = { Resources: {}, Outputs: {} };
  for (const stack of stacks) {
    const template = rendered.get(stack.stackName);
    const prefix = prefixOf(stack);
    for (const [id, resource] of Object.entries(template.Resources ?? {}) as [string, Json][]) {
      const copy = rename(stack, resource);
      if (copy.DependsOn) copy.DependsOn = asArray<string>(copy.DependsOn).map((d) => prefix + d);
      merged.Resources[prefix + id] = copy;
    }
    for (const [id, output] of Object.entries(template.Outputs ?? {}) as [string, Json][]) {
      merged.Outputs[id] = rename(stack, output);
    }
  }
  return merged;
}

export function cleanUp(s: Synthesised | undefined): void {
  if (s) fs.rmSync(s.outdir, { recursive: true, force: true });
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped
export type Json = any;

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: Json;
  readonly Condition?: Json;
  readonly Sid?: string;
  /** Resource policies (queue, topic, key, trust) only. */
  readonly Principal?: Json;
}

export const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every statement of every AWS::IAM::Policy in the template, with the roles it is attached to. */
export function policyStatements(template: Template): { policyId: string; roles: string[]; statement: Statement }[] {
  const out: { policyId: string; roles: string[]; statement: Statement }[] = [];
  for (const [policyId, policy] of Object.entries(template.findResources('AWS::IAM::Policy')) as [string, Json][]) {
    const roles = asArray<Json>(policy.Properties.Roles).map((r) => r.Ref as string);
    for (const statement of asArray<Statement>(policy.Properties.PolicyDocument.Statement)) {
      out.push({ policyId, roles, statement });
    }
  }
  return out;
}

/**
 * What a stateless-stack value refers to in the stateful stack: follows `Fn::GetStackOutput` to the
 * output's value and returns the logical id it references (via Ref or GetAtt), plus any literal suffix
 * joined after it (e.g. `/index/gsi1`).
 */
export function resolveStatefulRef(
  value: Json,
  stateful: Template,
): { logicalId: string; attribute: 'Ref' | string; suffix: string } | undefined {
  if (value && typeof value === 'object' && 'Fn::Join' in value) {
    const [sep, parts] = value['Fn::Join'] as [string, Json[]];
    const [head, ...rest] = parts;
    const base = resolveStatefulRef(head, stateful);
    if (!base || rest.some((p) => typeof p !== 'string')) return undefined;
    return { ...base, suffix: base.suffix + sep + rest.join(sep) };
  }
  if (value && typeof value === 'object' && 'Fn::GetStackOutput' in value) {
    const outputs = stateful.toJSON().Outputs as Record<string, Json>;
    const output = outputs[value['Fn::GetStackOutput'].OutputName];
    if (!output) return undefined;
    return resolveLocal(output.Value);
  }
  return undefined;
}

function resolveLocal(value: Json): { logicalId: string; attribute: string; suffix: string } | undefined {
  if (value && typeof value === 'object' && 'Ref' in value)
    return { logicalId: value.Ref, attribute: 'Ref', suffix: '' };
  if (value && typeof value === 'object' && 'Fn::GetAtt' in value) {
    const [logicalId, attribute] = value['Fn::GetAtt'] as [string, string];
    return { logicalId, attribute, suffix: '' };
  }
  return undefined;
}

/** Logical id of each declared table in the stateful template, by declaration id. */
export function tableLogicalIds(s: Synthesised): Record<TableId, string> {
  const ids = {} as Record<TableId, string>;
  for (const id of Object.keys(tables) as TableId[]) {
    ids[id] = s.built.stateful.getLogicalId(s.built.stateful.tables[id].node.defaultChild as never);
  }
  return ids;
}

/**
 * Logical id of a construct's CloudFormation resource: in its own stack for the stateful stack, as
 * merged into `stateless` (prefixed with the stack's id) for every other stack.
 */
export function logicalIdOf(construct: IConstruct): string {
  const element = construct.node.defaultChild as CfnElement;
  const id = element.stack.getLogicalId(element);
  return element.stack.stackName.endsWith('-Stateful') ? id : prefixOf(element.stack) + id;
}

/** `Fn::GetAtt` of a logical id's ARN, as it appears in templates. */
export const arnOf = (logicalId: string): Json => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

/** Logical id of a job's function in the stateless template. */
export function functionOfJob(s: Synthesised, name: string): string {
  const job = s.built.jobs.jobs[name];
  if (!job) throw new Error(`No job ${name}`);
  return logicalIdOf(job.handler.function);
}

/**
 * The grant specification by access level, restated here independently of infra/constructs/grants.ts:
 * the DynamoDB actions each declared access needs, table by table. A function that cannot write the
 * data table only opens subject keys (GetItem on keys); a public function never deletes data.
 */
export function expectedTableActions(
  access: FunctionAccess,
  exposure: 'public' | 'authenticated' = 'authenticated',
): Partial<Record<TableId, string[]>> {
  const read = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem'];
  const out: Partial<Record<TableId, string[]>> = {};
  if (access.data === 'read') out.data = read;
  if (access.data === 'readwrite') {
    out.data = [...read, 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
    if (exposure === 'authenticated') out.data.push('dynamodb:DeleteItem');
  }
  // Recording activity adds UpdateItem (limited to the activity attributes) where it is not granted already.
  if (access.activity && access.data !== 'readwrite') out.data = [...(out.data ?? []), 'dynamodb:UpdateItem'];
  if (access.subjectKeys === 'use-and-shred') {
    out.keys = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem'];
  } else if (access.subjectKeys === 'use') {
    out.keys =
      access.data === 'readwrite'
        ? ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem']
        : ['dynamodb:GetItem'];
  }
  // The audit table: never UpdateItem; DeleteItem only for the retention floor.
  if (access.audit === 'append') out.audit = ['dynamodb:GetItem', 'dynamodb:PutItem'];
  if (access.audit === 'read') out.audit = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
  if (access.audit === 'append-and-read') {
    out.audit = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
  }
  if (access.audit === 'expire') {
    out.audit = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'];
  }
  if (access.idempotency === 'read') out.idempotency = ['dynamodb:GetItem'];
  if (access.idempotency === true) {
    out.idempotency = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
  }
  // The digest table: written once, never updated or deleted.
  if (access.auditDigests === 'read') out.digests = ['dynamodb:GetItem', 'dynamodb:Query'];
  if (access.auditDigests === 'append' || access.auditDigests === 'verify') {
    out.digests = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'];
  }
  return out;
}

/** Whether a function creates subject data keys (GenerateDataKey) or only opens them (Decrypt). */
export const expectedSubjectKeyActions = (access: FunctionAccess): string[] =>
  !access.subjectKeys
    ? []
    : access.subjectKeys === 'use' && access.data !== 'readwrite'
      ? ['kms:Decrypt']
      : ['kms:Decrypt', 'kms:GenerateDataKey'];

export function keyLogicalId(s: Synthesised): string {
  return s.built.stateful.getLogicalId(s.built.stateful.key.node.defaultChild as never);
}

export function subjectKeyLogicalId(s: Synthesised): string {
  return s.built.stateful.getLogicalId(s.built.stateful.subjectKey.node.defaultChild as never);
}

export function busLogicalId(s: Synthesised): string {
  return s.built.stateful.getLogicalId(s.built.stateful.bus.node.defaultChild as never);
}

/** Logical id of each carrier's webhook secret in the stateful template, by carrier id. */
export function carrierSecretLogicalIds(s: Synthesised): Record<string, string> {
  return Object.fromEntries(
    Object.entries(s.built.stateful.carrierWebhookSecrets).map(([carrier, secret]) => [
      carrier,
      s.built.stateful.getLogicalId(secret.node.defaultChild as never),
    ]),
  );
}

export function paymentKeyLogicalId(s: Synthesised): string {
  return s.built.stateful.getLogicalId(s.built.stateful.paymentProcessorKey.node.defaultChild as never);
}

/** Every stateful resource a value built by `Stack.toJsonString` refers to (a Join of text and references). */
export function statefulRefsIn(value: Json, stateful: Template): { logicalId: string; attribute: string }[] {
  const parts: Json[] =
    value && typeof value === 'object' && 'Fn::Join' in value ? (value['Fn::Join'] as [string, Json[]])[1] : [value];
  return parts.flatMap((part) => {
    const ref = typeof part === 'object' ? resolveStatefulRef(part, stateful) : undefined;
    return ref ? [{ logicalId: ref.logicalId, attribute: ref.attribute }] : [];
  });
}

export function cursorSecretLogicalId(s: Synthesised): string {
  return s.built.stateful.getLogicalId(s.built.stateful.cursorSecret.node.defaultChild as never);
}

/** Which declared table (if any) an IAM resource expression points at, and whether it is an index. */
export function tableOfResource(resource: Json, s: Synthesised): { table: TableId; suffix: string } | undefined {
  const ref = resolveStatefulRef(resource, s.stateful);
  if (!ref) return undefined;
  const ids = tableLogicalIds(s);
  const table = (Object.keys(ids) as TableId[]).find((id) => ids[id] === ref.logicalId);
  return table ? { table, suffix: ref.suffix } : undefined;
}

function integrationUriOf(stateless: Template, routeKey: string): Json {
  const routes = stateless.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } });
  const [route] = Object.values(routes) as Json[];
  if (!route) throw new Error(`No route ${routeKey}`);
  const integrationId = (route.Properties.Target['Fn::Join'][1] as Json[])[1].Ref as string;
  const integration = stateless.toJSON().Resources[integrationId] as Json;
  return integration.Properties.IntegrationUri as Json;
}

/**
 * The Lambda function logical id behind an HTTP API route key: through its `live` alias, or directly
 * (the `ANY` routes' 405 function, which has no deployments to shift).
 */
export function functionForRouteKey(stateless: Template, routeKey: string): string {
  const uri = integrationUriOf(stateless, routeKey);
  if (uri['Fn::GetAtt']) return uri['Fn::GetAtt'][0] as string;
  const alias = stateless.toJSON().Resources[uri.Ref as string] as Json;
  return alias.Properties.FunctionName.Ref as string;
}

/** Statements attached to a function's execution role. */
export function statementsOfFunction(stateless: Template, functionId: string): Statement[] {
  const fn = stateless.toJSON().Resources[functionId] as Json;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return policyStatements(stateless)
    .filter((p) => p.roles.includes(roleId))
    .map((p) => p.statement);
}
