/**
 * A V8 CPU profile of some work in this process (the inspector's Profiler, as `node --cpu-prof`
 * records it), summarised: how much of the wall time the process was idle (awaiting a response) and
 * where the busy time went, by package or app directory and by function. The raw profile is saved
 * next to the results; rename it to `.cpuprofile` to open it in Chrome DevTools.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

export interface CpuSummary {
  readonly wallMs: number;
  readonly idlePct: number;
  readonly busyPct: number;
  /** Self time by where it was spent; Node internals and builtins are charged to their caller. */
  readonly byCategory: readonly { category: string; ms: number; pct: number }[];
  /** App functions (shared/, functions/) by inclusive time: the function and everything it called. */
  readonly topFunctions: readonly { fn: string; where: string; ms: number; pct: number }[];
  readonly file: string;
}

const ROOT = `${process.cwd()}/`;
/** Categories whose time is charged to their caller. */
const OPAQUE = new Set(['Node.js internals', 'V8 builtins']);

function category(url: string, fn: string): string {
  if (fn === '(idle)') return 'idle (awaiting I/O)';
  if (fn === '(garbage collector)') return 'garbage collector';
  if (fn === '(program)') return 'V8 / native (program)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const [a, b] = url.slice(nm + '/node_modules/'.length).split('/');
    const pkg = a?.startsWith('@') ? `${a}/${b}` : (a ?? '?');
    if (pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/') || pkg.startsWith('@aws-crypto/'))
      return 'AWS SDK (@aws-sdk, @smithy)';
    return pkg;
  }
  if (url.startsWith('node:')) return 'Node.js internals';
  const local = url.replace(/^file:\/\//, '');
  if (local.startsWith(ROOT)) return `app ${local.slice(ROOT.length).split('/').slice(0, 2).join('/')}`;
  return url ? url : 'V8 builtins';
}

export async function profileCpu(work: () => Promise<void>, name = 'place-order'): Promise<CpuSummary> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const start = performance.now();
  await work();
  const wallMs = performance.now() - start;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();

  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, deltas[i + 1] ?? 0));
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const frameCategory = (id: number) => {
    const frame = nodes.get(id)?.callFrame;
    return frame ? category(frame.url, frame.functionName || '(anonymous)') : '?';
  };
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, { fn: string; where: string; us: number }>();
  for (const [id, us] of selfUs) {
    // Time in Node internals or V8 builtins belongs to the nearest caller that is app, package or SDK
    // code (encryptField's cipher calls count as app, the SDK's socket writes as SDK).
    let owner = frameCategory(id);
    for (let at: number | undefined = id; at !== undefined && OPAQUE.has(owner); at = parent.get(at)) {
      const c = frameCategory(at);
      if (!OPAQUE.has(c) && c !== 'V8 / native (program)') {
        owner = c;
        break;
      }
    }
    byCategory.set(owner, (byCategory.get(owner) ?? 0) + us);
    // Inclusive time per app function: each function once per sample, however deep it recurs.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = nodes.get(at)?.callFrame;
      if (!frame?.url.includes(ROOT) || frame.url.includes('/node_modules/') || frame.url.includes('/bench/')) continue;
      const fn = frame.functionName || '(anonymous)';
      const where = `${frame.url.replace(/^file:\/\//, '').slice(ROOT.length)}:${frame.lineNumber + 1}`;
      const key = `${fn}@${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = byFunction.get(key) ?? { fn, where, us: 0 };
      entry.us += us;
      byFunction.set(key, entry);
    }
  }
  const pct = (us: number) => (100 * us) / totalUs;
  const idleUs = byCategory.get('idle (awaiting I/O)') ?? 0;
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.cpuprofile.json`);
  writeFileSync(file, JSON.stringify(profile));
  return {
    wallMs,
    idlePct: pct(idleUs),
    busyPct: 100 - pct(idleUs),
    byCategory: [...byCategory]
      .map(([c, us]) => ({ category: c, ms: us / 1000, pct: pct(us) }))
      .sort((a, b) => b.ms - a.ms),
    topFunctions: [...byFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, 15)
      .map((f) => ({ fn: f.fn, where: f.where, ms: f.us / 1000, pct: pct(f.us) })),
    file: path.relative(process.cwd(), file),
  };
}

/** A V8 CPU profile as `node --cpu-prof` writes it. */
interface RawProfile {
  readonly nodes: {
    id: number;
    callFrame: { url: string; functionName: string; lineNumber: number };
    children?: number[];
  }[];
  readonly samples?: number[];
  readonly timeDeltas?: number[];
}

/**
 * Where a cold import's CPU went, from `node --cpu-prof` of an unminified bundle: each sample's
 * self time goes to the package or app directory of the nearest bundle or SDK frame on its stack
 * (esbuild marks each input with a `// path` comment, which maps a line to its input), or else to
 * Node's own work: compiling and linking ES modules, loading built-ins (undici when an ESM import of
 * `node:http` builds its facade), garbage collection.
 */
const SDK = 'AWS SDK (node_modules, as the runtime provides it)';

export function summariseInitProfile(profile: RawProfile, bundleFile: string): { category: string; ms: number }[] {
  const bundleUrl = `file://${bundleFile}`;
  const inputAt: string[] = [];
  let current = '?';
  for (const line of readFileSync(bundleFile, 'utf8').split('\n')) {
    const m = line.match(/^\/\/ (\S+\.(?:[cm]?js|ts|json))$/);
    if (m?.[1]) current = m[1];
    inputAt.push(current);
  }
  const group = (input: string) => {
    const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    return m?.[1] ? m[1] : `app ${input.split('/').slice(0, 2).join('/')}`;
  };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = (id: number): string => {
    const self = nodes.get(id)?.callFrame;
    if (self?.functionName === '(garbage collector)') return 'garbage collector';
    if (self?.functionName === '(program)') return 'V8 (program)';
    let undici = false;
    let compile = false;
    let commonjs = false;
    let loader = false;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = nodes.get(at)?.callFrame;
      if (!f) break;
      if (f.url === bundleUrl) return group(inputAt[f.lineNumber] ?? '?');
      if (/\/node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(f.url)) return SDK;
      if (f.url.includes('undici')) undici = true;
      if (f.functionName === 'compileSourceTextModule') compile = true;
      if (f.url.includes('internal/modules/cjs/')) commonjs = true;
      if (f.url.includes('internal/modules/')) loader = true;
    }
    if (undici) return 'undici (Node loads it for an ESM import of node:http)';
    if (compile) return 'Node: compiling the bundle';
    // CommonJS loaded by the ES module loader with no bundle frame above it: the external SDK.
    if (commonjs) return SDK;
    if (loader) return 'Node: module loader';
    return 'Node internals';
  };
  const byCategory = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const c = owner(samples[i] as number);
    byCategory.set(c, (byCategory.get(c) ?? 0) + Math.max(0, deltas[i + 1] ?? 0) / 1000);
  }
  return [...byCategory].map(([category, ms]) => ({ category, ms })).sort((a, b) => b.ms - a.ms);
}
