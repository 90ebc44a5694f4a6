/**
 * `npm run bench`: measured in one process against DynamoDB Local and the local key service (both
 * started here), plus the function bundles built as CDK builds them. Each timed figure is the median
 * of repeated runs, compared with its baseline measured in the same run; the table goes to stdout
 * (progress to stderr) and the figures to bench/results/<timestamp>.json and latest.json. Exits
 * non-zero when a figure misses its goal. See docs/performance.md.
 *
 *   bench/orders.ts    1-4: create order (vs raw transaction, vs conventional writes), reads, KMS
 *   bench/erasure.ts   5:   DynamoDB requests to erase a subject with 1,000 orders
 *   bench/sweep.ts     6:   retention sweep, 100k vs 1k other items
 *   bench/bundles.ts   7:   bundle sizes and cold import times
 *   bench/audit.ts     8-10: audited write ÷ plain write, digest job for 10,000 chains, full-pass verification
 *   bench/scale.ts     11:  scale simulation — writes per partition key at 10,000 orders/s, before and after sharding
 *   bench/web.ts       12:  the web app's size, gzipped (customer app and staff console)
 *   bench/load.ts      13:  30 s of mixed load against npm start ÷ the empty handler behind the same gateway
 */
import './quiet-logs';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { auditFigures } from './audit';
import { bundleFigures } from './bundles';
import { erasureFigures } from './erasure';
import { type Figure, progress, RUNS } from './lib';
import { loadFigures } from './load';
import { orderFigures } from './orders';
import { scaleFigures } from './scale';
import { startStack } from './stack';
import { sweepFigures } from './sweep';
import { webFigures } from './web';

/** `BENCH_ONLY=orders,bundles npm run bench` runs a subset (results then go to partial-*.json only). */
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const wanted = (part: string) => !only || only.includes(part);

async function main(): Promise<void> {
  const started = performance.now();
  const figures: Figure[] = [];
  let profile: Awaited<ReturnType<typeof orderFigures>>['profile'] | undefined;
  let bundles: Awaited<ReturnType<typeof bundleFigures>>['bundles'] | undefined;
  if (wanted('orders') || wanted('erasure') || wanted('sweep') || wanted('audit')) {
    const stack = await startStack();
    try {
      if (wanted('orders')) {
        const orders = await orderFigures(stack);
        figures.push(...orders.figures);
        profile = orders.profile;
      }
      if (wanted('erasure')) figures.push(...(await erasureFigures(stack)));
      if (wanted('sweep')) {
        progress('retention sweep');
        figures.push(...(await sweepFigures(stack)));
      }
      if (wanted('audit')) figures.push(...(await auditFigures(stack)));
    } finally {
      await stack.stop();
    }
  }
  if (wanted('scale')) figures.push(...scaleFigures());
  if (wanted('bundles')) {
    const built = await bundleFigures();
    figures.push(...built.figures);
    bundles = built.bundles;
  }
  if (wanted('web')) figures.push(...(await webFigures()));
  if (wanted('load')) figures.push(...(await loadFigures()));
  const order = (f: Figure) => {
    const m = f.name.match(/^(\d+)([a-z]?)\./);
    return m
      ? Number(m[1]) * 100 + (m[2] ? m[2].charCodeAt(0) - 96 : 0)
      : 600 + (f.name.startsWith('retention') ? 0 : 50);
  };
  figures.sort((a, b) => order(a) - order(b));
  report(figures, { profile, bundles, seconds: (performance.now() - started) / 1000 });
}

function report(figures: Figure[], extra: Record<string, unknown>): void {
  const rows = figures.map((f) => ({
    figure: f.name,
    value: `${f.value.toFixed(2)} ${f.unit}`,
    baseline: f.baseline ?? '',
    goal: f.goal ? `≤ ${f.goal.max}` : 'report',
    'met?': f.goal ? (f.value <= f.goal.max ? 'yes' : 'NO') : (f.verdict ?? ''),
    detail: f.detail ?? '',
  }));
  console.table(rows);
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const result = { at: new Date().toISOString(), node: process.version, runs: RUNS, figures, ...extra };
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const stamp = result.at.replace(/[:.]/g, '-');
  if (only) {
    writeFileSync(path.join(dir, `partial-${stamp}.json`), json);
  } else {
    writeFileSync(path.join(dir, `${stamp}.json`), json);
    writeFileSync(path.join(dir, 'latest.json'), json);
  }
  const missed = figures.filter((f) => f.goal && !(f.value <= f.goal.max));
  progress(
    `${figures.length} figures in ${Number(extra.seconds).toFixed(0)} s; ${missed.length ? `missed: ${missed.map((f) => f.name).join('; ')}` : 'every goal met'}`,
  );
  if (missed.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
