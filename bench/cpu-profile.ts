/**
 * A V8 CPU profile of some work in this process (the inspector's Profiler, as `node --cpu-prof`
 * records it), summarised: how much of the wall time the process was idle (awaiting a response) and
 * where the busy time went, by package or app directory and by function. The raw profile is saved
 * next to the results; rename it to `.cpuprofile` to open it in Chrome DevTools.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
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
