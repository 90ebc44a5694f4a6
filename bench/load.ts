/**
 * 13. Throughput under load, as a ratio: runs the load test (`test/stress/load.test.ts`, the same
 * file `npm run test:stress` runs) — 30 s of the mixed customer workload against `npm start`, then
 * 30 s of the empty health handler behind the same gateway with the same connections — and reports
 * the mix's throughput and latency beside that baseline. The test writes both to
 * bench/results/load-latest.json, which this reads back.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as z from 'zod';
import { type Figure, fmt, progress } from './lib';

const run = promisify(execFile);

const LoadResult = z.object({
  generatedAt: z.string(),
  connections: z.number(),
  durationSeconds: z.number(),
  throughput: z.object({ requestsPerSecondMean: z.number() }),
  latencyMs: z.object({ p50: z.number(), p99: z.number() }),
  baseline: z.object({
    requestsPerSecondMean: z.number(),
    latencyMs: z.object({ p50: z.number(), p99: z.number() }),
  }),
  ratio: z.object({
    throughputOfBaseline: z.number(),
    p50LatencyTimesBaseline: z.number(),
    p99LatencyTimesBaseline: z.number(),
  }),
  ordersPlacedUnderLoad: z.number(),
});

export async function loadFigures(): Promise<Figure[]> {
  progress('load: 30 s of mixed customer load, then 30 s of the empty handler behind the same gateway');
  const started = new Date();
  await run('npx', ['jest', '--selectProjects', 'stress', '--testPathPatterns', 'load'], {
    env: process.env,
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const file = path.join(process.cwd(), 'bench', 'results', 'load-latest.json');
  const result = LoadResult.parse(JSON.parse(readFileSync(file, 'utf8')));
  if (new Date(result.generatedAt) < started) throw new Error(`${file} was not written by this run`);
  return [
    {
      name: '13. load: mixed customer requests per second ÷ the empty handler behind the same gateway',
      value: result.ratio.throughputOfBaseline,
      unit: '×',
      baseline: `empty handler ${fmt(result.baseline.requestsPerSecondMean)} req/s, p50 ${result.baseline.latencyMs.p50} ms, p99 ${result.baseline.latencyMs.p99} ms`,
      detail: `${fmt(result.throughput.requestsPerSecondMean)} req/s, p50 ${result.latencyMs.p50} ms (×${result.ratio.p50LatencyTimesBaseline}), p99 ${result.latencyMs.p99} ms (×${result.ratio.p99LatencyTimesBaseline}); ${result.connections} connections, ${result.durationSeconds} s each, every response 2xx; ${result.ordersPlacedUnderLoad} orders placed`,
      data: result,
    },
  ];
}
