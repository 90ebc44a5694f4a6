/**
 * Every function's bundle — each route, job and stream entry — built with esbuild exactly as the
 * CDK construct builds it (options read from infra/constructs/house-function.ts; source maps off,
 * since they ship as a separate file), with a metafile: its size and what fills it. Then its cold
 * import: each bundle written to a temporary directory and imported in a fresh `node` process with
 * the environment a deployed function has (dummy names), against an empty handler module.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build } from 'esbuild';
import { jobs } from '../functions/jobs/index';
import { routes } from '../functions/routes';
import { streams } from '../functions/streams/index';
import { CARRIER_IDS } from '../shared/config/carriers';
import type { FunctionAccess } from '../shared/config/resources';
import { type Figure, fmt, median, progress } from './lib';

const ROOT = process.cwd();
const CONSTRUCT = 'infra/constructs/house-function.ts';
const GOAL_KB = 500;
const IMPORT_RUNS = 3;
const run = promisify(execFile);

export interface BundleReport {
  readonly name: string;
  readonly entry: string;
  readonly kb: number;
  readonly topInputs: { input: string; kb: number }[];
  readonly byPackage: { pkg: string; kb: number }[];
  initMs?: number;
  importMs?: number;
  error?: string;
}

/**
 * The construct's bundling options, read from its source so the two cannot drift apart silently.
 * `external(paymentProcessor)`: what a function leaves out, by whether its access calls the processor.
 */
function constructOptions(): { options: BuildOptions; external: (paymentProcessor: boolean) => string[] } {
  const source = readFileSync(path.join(ROOT, CONSTRUCT), 'utf8');
  const grab = (re: RegExp, what: string, text = source): string => {
    const m = text.match(re);
    if (!m?.[1]) throw new Error(`bench/bundles.ts cannot read ${what} from ${CONSTRUCT}: update it to match`);
    return m[1];
  };
  const list = (text: string): string[] => JSON.parse(text.replace(/'/g, '"').replace(/,\s*\]/, ']'));
  const bundling = grab(/bundling: \{([\s\S]*?)\n {6}\},/, 'the bundling block');
  if (!/externalModules: externalModulesFor\(props\)/.test(bundling)) {
    throw new Error(`bench/bundles.ts expects externalModules: externalModulesFor(props) in ${CONSTRUCT}`);
  }
  const format = grab(/format: OutputFormat\.(ESM|CJS)/, 'format', bundling);
  const runtime = list(grab(/RUNTIME_PROVIDED_MODULES = (\[[^\]]*\])/, 'RUNTIME_PROVIDED_MODULES'));
  const paymentSdk = grab(/PAYMENT_SDK_MODULE = '([^']+)'/, 'PAYMENT_SDK_MODULE');
  const options: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: grab(/target: '([^']+)'/, 'target', bundling),
    format: format === 'ESM' ? 'esm' : 'cjs',
    minify: grab(/minify: (true|false)/, 'minify', bundling) === 'true',
    mainFields: list(grab(/mainFields: (\[[^\]]*\])/, 'mainFields', bundling)),
    banner: { js: JSON.parse(grab(/const ESM_REQUIRE_SHIM =\s*("(?:[^"\\]|\\.)*");/, 'ESM_REQUIRE_SHIM')) },
    // The construct writes an external .map (sourcesContent off); it is not part of the code loaded.
    sourcemap: false,
  };
  return { options, external: (paymentProcessor) => [...runtime, ...(paymentProcessor ? [] : [paymentSdk])] };
}

/** `node_modules/@aws-lambda-powertools/logger/lib/esm/x.js` → `@aws-lambda-powertools/logger`; app files by directory. */
function packageOf(input: string): string {
  const i = input.lastIndexOf('node_modules/');
  if (i < 0) return `app ${input.split('/').slice(0, 2).join('/')}`;
  const [a, b] = input.slice(i + 'node_modules/'.length).split('/');
  return a?.startsWith('@') ? `${a}/${b}` : (a ?? input);
}

const shorten = (input: string) => input.replace(/^.*node_modules\//, '');

/** What a deployed function finds in its environment (dummy values: nothing is called at import). */
const lambdaEnv = (name: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_LAMBDA_FUNCTION_NAME: `bench-${name}`,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  TABLE_DATA: 'bench-data',
  TABLE_KEYS: 'bench-keys',
  TABLE_AUDIT: 'bench-audit',
  TABLE_IDEMPOTENCY: 'bench-idempotency',
  KMS_KEY_ID: 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000',
  EVENT_BUS_NAME: 'bench-bus',
  CARRIER_WEBHOOK_SECRET_ARNS: JSON.stringify(
    Object.fromEntries(
      CARRIER_IDS.map((id) => [id, `arn:aws:secretsmanager:us-east-1:123456789012:secret:bench-${id}`]),
    ),
  ),
  STRIPE_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench-stripe',
  USER_POOL_ID: 'us-east-1_bench',
  // What the routes added since (page cursors, staff directory, audit digests, mail) need at import.
  CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench-cursor',
  STAFF_USER_POOL_ID: 'us-east-1_benchstaff',
  TABLE_AUDIT_DIGESTS: 'bench-digests',
  AUDIT_SIGNING_KEY_ID: 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000001',
  MAIL_FROM_ADDRESS: 'Shop <privacy@example.com>',
  ACCOUNT_URL: 'https://shop.example.com/account',
  POWERTOOLS_SERVICE_NAME: name,
  POWERTOOLS_METRICS_NAMESPACE: 'PrivacyOrders',
});

/** Imports the module in a fresh process; ms since that process started, and for the import alone. */
const CHILD = `
const t0 = performance.now();
const m = await import(process.env.BENCH_MODULE);
const t1 = performance.now();
if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(2); }
console.log(JSON.stringify({ importMs: t1 - t0, initMs: t1 }));
`;

async function coldImport(node: string, file: string, name: string): Promise<{ initMs: number; importMs: number }> {
  const { stdout } = await run(node, ['--input-type=module', '-e', CHILD], {
    env: { ...lambdaEnv(name), BENCH_MODULE: pathToFileURL(file).href },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string);
}

export async function bundleFigures(): Promise<{ figures: Figure[]; bundles: BundleReport[] }> {
  const { options, external } = constructOptions();
  const payments = (access: FunctionAccess) => access.paymentProcessor === true;
  const entries = [
    ...Object.entries(routes).map(([name, r]) => ({ name, entry: r.entry, external: external(payments(r.access)) })),
    ...Object.entries(jobs).map(([name, j]) => ({
      name: `job:${name}`,
      entry: j.entry,
      external: external(payments(j.access)),
    })),
    ...Object.entries(streams).map(([name, st]) => ({
      name: `stream:${name}`,
      entry: st.entry,
      external: external(payments(st.access)),
    })),
  ];
  progress(`building ${entries.length} function bundles`);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-bundles-'));
  // The runtime provides the SDK; here it resolves from the repository's node_modules.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const files = new Map<string, string>();
  const bundles: BundleReport[] = [];
  try {
    for (const { name, entry, external: leftOut } of entries) {
      const outfile = path.join(dir, name.replace(/[^\w-]/g, '_'), 'index.mjs');
      const result = await build({
        ...options,
        external: leftOut,
        entryPoints: [path.join(ROOT, entry)],
        absWorkingDir: ROOT,
        outfile,
        metafile: true,
        write: false,
        logLevel: 'silent',
      });
      const output = result.outputFiles.find((f) => f.path.endsWith('.mjs') || f.path.endsWith('.js'));
      if (!output) throw new Error(`no output for ${entry}`);
      mkdirSync(path.dirname(outfile), { recursive: true });
      writeFileSync(outfile, output.contents);
      files.set(name, outfile);
      const inputs = Object.entries(Object.values(result.metafile.outputs)[0]?.inputs ?? {}).map(([input, v]) => ({
        input,
        bytes: v.bytesInOutput,
      }));
      const byPackage = new Map<string, number>();
      for (const i of inputs) byPackage.set(packageOf(i.input), (byPackage.get(packageOf(i.input)) ?? 0) + i.bytes);
      bundles.push({
        name,
        entry,
        kb: output.contents.length / 1024,
        topInputs: inputs
          .sort((a, b) => b.bytes - a.bytes)
          .slice(0, 5)
          .map((i) => ({ input: i.input, kb: i.bytes / 1024 })),
        byPackage: [...byPackage]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([pkg, bytes]) => ({ pkg, kb: bytes / 1024 })),
      });
    }

    const empty = path.join(dir, '_empty', 'index.mjs');
    mkdirSync(path.dirname(empty), { recursive: true });
    writeFileSync(empty, 'export const handler = async () => ({});\n');
    const node = existsSync(path.join(ROOT, 'node_modules', '.bin', 'node'))
      ? path.join(ROOT, 'node_modules', '.bin', 'node')
      : process.execPath;
    progress(`cold-importing ${bundles.length} bundles ×${IMPORT_RUNS} in fresh node processes`);
    const emptySamples: { initMs: number; importMs: number }[] = [];
    const samples = new Map<string, { initMs: number; importMs: number }[]>();
    await coldImport(node, empty, 'warm-up'); // first spawn pays for the OS file cache
    for (let r = 0; r < IMPORT_RUNS; r++) {
      emptySamples.push(await coldImport(node, empty, 'empty'));
      for (const b of bundles) {
        if (b.error) continue;
        try {
          const s = await coldImport(node, files.get(b.name) as string, b.name);
          samples.set(b.name, [...(samples.get(b.name) ?? []), s]);
        } catch (e) {
          b.error = (e as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ') ?? String(e);
        }
      }
      emptySamples.push(await coldImport(node, empty, 'empty'));
    }
    for (const b of bundles) {
      const s = samples.get(b.name) ?? [];
      if (s.length === 0) continue;
      b.initMs = median(s.map((x) => x.initMs));
      b.importMs = median(s.map((x) => x.importMs));
    }
    const emptyInit = median(emptySamples.map((x) => x.initMs));
    const emptyImport = median(emptySamples.map((x) => x.importMs));

    const bySize = [...bundles].sort((a, b) => b.kb - a.kb);
    const largest = bySize[0] as BundleReport;
    const over = bundles.filter((b) => b.kb > GOAL_KB);
    const imported = bundles.filter((b) => b.initMs !== undefined);
    const slowest = [...imported].sort((a, b) => (b.initMs ?? 0) - (a.initMs ?? 0))[0];
    const failed = bundles.filter((b) => b.error);
    const medianInit = median(imported.map((b) => b.initMs ?? 0));
    const figures: Figure[] = [
      {
        name: `7. function bundle size, largest of ${bundles.length} (${largest.name})`,
        value: largest.kb,
        unit: 'KB',
        goal: { max: GOAL_KB },
        baseline: `median ${fmt(median(bundles.map((b) => b.kb)))} KB, smallest ${fmt(bySize[bySize.length - 1]?.kb ?? 0)} KB`,
        detail: `${over.length} of ${bundles.length} over ${GOAL_KB} KB; top inputs: ${largest.topInputs
          .map((i) => `${shorten(i.input)} ${fmt(i.kb)} KB`)
          .join(', ')}`,
      },
      {
        name: `7a. cold import (node start → handler imported), slowest function ÷ empty handler`,
        value: (slowest?.initMs ?? Number.NaN) / emptyInit,
        unit: '× empty',
        goal: { max: 2.5 },
        baseline: `empty handler ${fmt(emptyInit)} ms (import ${fmt(emptyImport, 1)} ms)`,
        detail: `${slowest?.name} ${fmt(slowest?.initMs ?? 0)} ms (import ${fmt(slowest?.importMs ?? 0)} ms); median function ${fmt(medianInit)} ms (×${(medianInit / emptyInit).toFixed(2)})${failed.length ? `; FAILED to import: ${failed.map((b) => `${b.name}: ${b.error}`).join('; ')}` : ''}`,
        data: { emptyInitMs: emptyInit, emptyImportMs: emptyImport },
      },
      {
        name: '7b. cold import, median function ÷ empty handler',
        value: medianInit / emptyInit,
        unit: '× empty',
        goal: { max: 2 },
        baseline: `median function ${fmt(medianInit)} ms, empty handler ${fmt(emptyInit)} ms`,
        detail: 'KMS, EventBridge, Cognito, SES and Secrets Manager load on first use; DynamoDB at import',
      },
    ];
    return { figures, bundles };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
