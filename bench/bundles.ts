/**
 * Every function's bundle — each route, job and stream entry — built with esbuild exactly as the
 * CDK construct builds it (options read from infra/constructs/house-function.ts; source maps off,
 * since they ship as a separate file), with a metafile: its size and what fills it. Then its cold
 * import: each bundle written to a temporary directory and imported in a fresh `node` process with
 * the environment a deployed function has (dummy names), against an empty handler module.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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
import { summariseInitProfile } from './cpu-profile';
import { type Figure, fmt, median, progress } from './lib';

const ROOT = process.cwd();
const CONSTRUCT = 'infra/constructs/house-function.ts';
const GOAL_KB = 500;
const IMPORT_RUNS = 3;
/** Runs of the SDK bundled vs external comparison (7c): few functions, more runs. */
const SDK_RUNS = 7;
const run = promisify(execFile);

export interface BundleReport {
  readonly name: string;
  readonly entry: string;
  readonly kb: number;
  readonly topInputs: { input: string; kb: number }[];
  readonly byPackage: { pkg: string; kb: number }[];
  initMs?: number;
  importMs?: number;
  cpuMs?: number;
  error?: string;
}

/**
 * The construct's bundling options, read from its source so the two cannot drift apart silently.
 * `external(paymentProcessor)`: what a function leaves out, by whether its access calls the processor.
 */
function constructOptions(): {
  options: BuildOptions;
  external: (paymentProcessor: boolean) => string[];
  runtime: string[];
} {
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
  if (!/esbuildArgs: \{ '--alias': builtinAliases\(props\.repoRoot\) \}/.test(bundling)) {
    throw new Error(
      `bench/bundles.ts expects esbuildArgs: { '--alias': builtinAliases(props.repoRoot) } in ${CONSTRUCT}`,
    );
  }
  const builtins = list(grab(/BUILTINS_AS_COMMONJS = (\[[^\]]*\])/, 'BUILTINS_AS_COMMONJS'));
  const alias = Object.fromEntries(
    builtins.flatMap((name) => {
      const shim = path.join(ROOT, 'infra', 'bundling', `node-${name}.cjs`);
      return [
        [`node:${name}`, shim],
        [name, shim],
      ];
    }),
  );
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
    alias,
    // The construct writes an external .map (sourcesContent off); it is not part of the code loaded.
    sourcemap: false,
  };
  return { options, runtime, external: (paymentProcessor) => [...runtime, ...(paymentProcessor ? [] : [paymentSdk])] };
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
const cpu = process.cpuUsage();
if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(2); }
console.log(JSON.stringify({ importMs: t1 - t0, initMs: t1, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;

/** One cold import: wall ms from process start, of the import alone, and the process's CPU ms (all threads) by then. */
interface ColdSample {
  readonly initMs: number;
  readonly importMs: number;
  readonly cpuMs: number;
}

async function coldImport(node: string, file: string, name: string, nodeArgs: string[] = []): Promise<ColdSample> {
  const { stdout } = await run(node, [...nodeArgs, '--input-type=module', '-e', CHILD], {
    env: { ...lambdaEnv(name), BENCH_MODULE: pathToFileURL(file).href },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string);
}

/**
 * Builds one entry with the construct's options (and `extra`), writes it to `outfile`: its size in KB
 * and the inputs that went into it (bytes each, from esbuild's metafile).
 */
async function buildTo(
  options: BuildOptions,
  entry: string,
  external: string[],
  outfile: string,
  extra: BuildOptions = {},
): Promise<{ kb: number; inputs: { input: string; bytes: number }[] }> {
  const result = await build({
    ...options,
    ...extra,
    external,
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
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0]?.inputs ?? {}).map(([input, v]) => ({
    input,
    bytes: v.bytesInOutput,
  }));
  return { kb: output.contents.length / 1024, inputs };
}

export async function bundleFigures(): Promise<{ figures: Figure[]; bundles: BundleReport[] }> {
  const { options, external, runtime } = constructOptions();
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
      const { kb, inputs } = await buildTo(options, entry, leftOut, outfile);
      files.set(name, outfile);
      const byPackage = new Map<string, number>();
      for (const i of inputs) byPackage.set(packageOf(i.input), (byPackage.get(packageOf(i.input)) ?? 0) + i.bytes);
      bundles.push({
        name,
        entry,
        kb,
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

    /** A baseline handler module of the given lines, written beside the bundles. */
    const baseline = (name: string, lines: string[]): string => {
      const file = path.join(dir, name, 'index.mjs');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${lines.join('\n')}\n`);
      return file;
    };
    const empty = baseline('_empty', ['export const handler = async () => ({});']);
    // The issue's own anchor: an empty handler that makes one DynamoDB document client at import,
    // the least any function here does (every one but health reads or writes a table).
    const dynamoOnly = baseline('_dynamodb', [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      'const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      'export const handler = async () => ({ ready: ddb !== undefined });',
    ]);
    const node = existsSync(path.join(ROOT, 'node_modules', '.bin', 'node'))
      ? path.join(ROOT, 'node_modules', '.bin', 'node')
      : process.execPath;
    progress(`cold-importing ${bundles.length} bundles ×${IMPORT_RUNS} in fresh node processes`);
    const emptySamples: ColdSample[] = [];
    const dynamoSamples: ColdSample[] = [];
    const samples = new Map<string, ColdSample[]>();
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
      dynamoSamples.push(await coldImport(node, dynamoOnly, 'dynamodb-only'));
    }
    for (const b of bundles) {
      const s = samples.get(b.name) ?? [];
      if (s.length === 0) continue;
      b.initMs = median(s.map((x) => x.initMs));
      b.importMs = median(s.map((x) => x.importMs));
      b.cpuMs = median(s.map((x) => x.cpuMs));
    }
    const emptyInit = median(emptySamples.map((x) => x.initMs));
    const emptyImport = median(emptySamples.map((x) => x.importMs));
    const emptyCpu = median(emptySamples.map((x) => x.cpuMs));
    const dynamoInit = median(dynamoSamples.map((x) => x.initMs));
    const dynamoCpu = median(dynamoSamples.map((x) => x.cpuMs));

    const bySize = [...bundles].sort((a, b) => b.kb - a.kb);
    const largest = bySize[0] as BundleReport;
    const over = bundles.filter((b) => b.kb > GOAL_KB);
    const imported = bundles.filter((b) => b.initMs !== undefined);
    const slowest = [...imported].sort((a, b) => (b.initMs ?? 0) - (a.initMs ?? 0))[0];
    const failed = bundles.filter((b) => b.error);
    const medianInit = median(imported.map((b) => b.initMs ?? 0));
    const medianCpu = median(imported.map((b) => b.cpuMs ?? 0));
    const medianFn = [...imported].sort((a, b) => (a.initMs ?? 0) - (b.initMs ?? 0))[Math.floor(imported.length / 2)];

    // 7c. The AWS SDK bundled (tree-shaken, minified, as esbuild does it for the construct without
    // the SDK external) against the runtime's copy, side by side for three functions.
    const compared = [...new Set([medianFn?.name, slowest?.name, 'placeOrder'])].filter(
      (n): n is string => n !== undefined && files.has(n),
    );
    const sdk = new Map<string, { kb: number; bundled: ColdSample[]; external: ColdSample[] }>();
    for (const name of compared) {
      const e = entries.find((x) => x.name === name);
      if (!e) continue;
      const outfile = path.join(dir, `${name.replace(/[^\w-]/g, '_')}-sdk`, 'index.mjs');
      const { kb } = await buildTo(
        options,
        e.entry,
        e.external.filter((m) => !runtime.includes(m)),
        outfile,
      );
      files.set(`${name}+sdk`, outfile);
      sdk.set(name, { kb, bundled: [], external: [] });
    }
    progress(`cold-importing ${compared.length} functions with the SDK bundled and external ×${SDK_RUNS}`);
    for (let r = 0; r < SDK_RUNS; r++) {
      for (const [name, m] of sdk) {
        m.external.push(await coldImport(node, files.get(name) as string, name));
        m.bundled.push(await coldImport(node, files.get(`${name}+sdk`) as string, name));
      }
    }
    const sdkRows = [...sdk].map(([name, m]) => ({
      name,
      kb: m.kb,
      externalKb: bundles.find((b) => b.name === name)?.kb ?? Number.NaN,
      bundledMs: median(m.bundled.map((x) => x.initMs)),
      externalMs: median(m.external.map((x) => x.initMs)),
      bundledCpuMs: median(m.bundled.map((x) => x.cpuMs)),
      externalCpuMs: median(m.external.map((x) => x.cpuMs)),
    }));
    const sdkRatio = median(sdkRows.map((x) => x.bundledMs / x.externalMs));
    const sdkCpuRatio = median(sdkRows.map((x) => x.bundledCpuMs / x.externalCpuMs));

    // Where the slowest function's init goes: the same bundle with its line breaks, under `node --cpu-prof`.
    let initProfile: { category: string; ms: number }[] = [];
    if (slowest) {
      const e = entries.find((x) => x.name === slowest.name);
      const outfile = path.join(dir, '_profiled', 'index.mjs');
      const profiles = path.join(dir, '_profiles');
      if (e) {
        // Line breaks kept, so each input's `// path` comment maps lines to inputs; otherwise minified.
        await buildTo(options, e.entry, e.external, outfile, {
          minify: false,
          minifyIdentifiers: true,
          minifySyntax: true,
        });
        await coldImport(node, outfile, slowest.name, [
          '--cpu-prof',
          `--cpu-prof-dir=${profiles}`,
          '--cpu-prof-interval=100',
        ]);
        const [file] = readdirSync(profiles);
        if (file) {
          const raw = readFileSync(path.join(profiles, file), 'utf8');
          initProfile = summariseInitProfile(JSON.parse(raw), outfile);
          writeFileSync(path.join(ROOT, 'bench', 'results', 'cold-import.cpuprofile.json'), raw);
        }
      }
    }
    const profileTotal = initProfile.reduce((n, c) => n + c.ms, 0);

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
        detail: `${slowest?.name} ${fmt(slowest?.initMs ?? 0)} ms (import ${fmt(slowest?.importMs ?? 0)} ms), CPU ${fmt(slowest?.cpuMs ?? 0)} ms vs ${fmt(emptyCpu)} ms (×${((slowest?.cpuMs ?? 0) / emptyCpu).toFixed(2)}); its init profile (${fmt(profileTotal)} ms sampled): ${initProfile
          .slice(0, 6)
          .map((c) => `${c.category} ${fmt(c.ms)}`)
          .join(
            ', ',
          )}${failed.length ? `; FAILED to import: ${failed.map((b) => `${b.name}: ${b.error}`).join('; ')}` : ''}`,
        data: { emptyInitMs: emptyInit, emptyImportMs: emptyImport, emptyCpuMs: emptyCpu, initProfile },
      },
      {
        name: '7b. cold import, median function ÷ empty handler',
        value: medianInit / emptyInit,
        unit: '× empty',
        goal: { max: 2 },
        baseline: `median function ${fmt(medianInit)} ms, empty handler ${fmt(emptyInit)} ms`,
        detail: `CPU: median function ${fmt(medianCpu)} ms vs empty ${fmt(emptyCpu)} ms (×${(medianCpu / emptyCpu).toFixed(2)}); the DynamoDB client, the logger, zod and the item schemas of the stores a function names load at import; KMS, EventBridge, Cognito, SES, Secrets Manager and Stripe on first use; no tracing SDK (decisions 0052, 0053)`,
      },
      {
        name: '7d. cold import, median function ÷ an empty handler with one DynamoDB client',
        value: medianInit / dynamoInit,
        unit: '× DynamoDB-only',
        baseline: `empty handler making one DynamoDB document client at import: ${fmt(dynamoInit)} ms, CPU ${fmt(dynamoCpu)} ms (${fmt(dynamoInit / emptyInit, 1)}× / CPU ${fmt(dynamoCpu / emptyCpu, 1)}× the empty handler)`,
        detail: `CPU ×${(medianCpu / dynamoCpu).toFixed(2)}; slowest ${slowest?.name} ×${((slowest?.initMs ?? 0) / dynamoInit).toFixed(2)} wall, ×${((slowest?.cpuMs ?? 0) / dynamoCpu).toFixed(2)} CPU. The floor every function shares: 7a/7b cannot go below this baseline's own ratio to the empty handler`,
        data: { dynamoInitMs: dynamoInit, dynamoCpuMs: dynamoCpu },
      },
      {
        name: '7c. cold import with the AWS SDK bundled ÷ the runtime’s copy',
        value: sdkRatio,
        unit: '×',
        baseline: 'SDK external (`@aws-sdk/*`, `@smithy/*` from node_modules, as the runtime provides them)',
        detail: `CPU ×${sdkCpuRatio.toFixed(2)}; ${sdkRows
          .map(
            (x) =>
              `${x.name}: ${fmt(x.bundledMs)} vs ${fmt(x.externalMs)} ms, CPU ${fmt(x.bundledCpuMs)} vs ${fmt(x.externalCpuMs)} ms, ${fmt(x.kb)} vs ${fmt(x.externalKb)} KB`,
          )
          .join('; ')} (median of ${SDK_RUNS}, interleaved)`,
        data: sdkRows,
      },
    ];
    return { figures, bundles };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
