/** Shared pieces of the benchmark: the figure shape, statistics, request counting and access contexts. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { AccessContext } from '../shared/domain/access';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: string;
  /** Met when value ≤ max. Figures without a goal are reported only. */
  readonly goal?: { readonly max: number };
  /** Shown in the "met?" column of a report-only figure (e.g. "beats it: yes"). */
  readonly verdict?: string;
  readonly detail?: string;
  /** Extra data for the JSON only (per-run samples, breakdowns). */
  readonly data?: unknown;
}

/** Repetitions of every measured figure (each after one untimed warm-up). */
export const RUNS = 5;
export const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const region = 'us-east-1';

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export async function timeMs(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export const self = (id: string): AccessContext => ({
  actor: { id, role: 'customer' },
  purpose: 'self_service',
  requestId: 'bench',
});

/** Distinct values of per-run counts, e.g. "1026" or "1026/1027". */
export const distinct = (xs: readonly number[]): string => [...new Set(xs.map((x) => +x.toFixed(2)))].join('/');

export const fmt = (x: number, digits = 0): string =>
  x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Progress on stderr, so stdout carries only the table. */
export const progress = (message: string): void => void process.stderr.write(`bench: ${message}\n`);

export interface CommandStats {
  count: number;
  /** Wall time from send() to the deserialised result, summed (retries included). */
  ms: number;
}

/**
 * Counts (and times) every command sent through a client. Installed as a middleware rather than by
 * replacing `send`, because the DynamoDB document client shares the base client's middleware stack
 * but not its `send`: this sees both the repositories' document commands and raw ones.
 */
export class RequestCounter {
  readonly byCommand = new Map<string, CommandStats>();
  /** The last input of each command, as the caller built it (document client: native values). */
  readonly lastInput = new Map<string, unknown>();

  static on(client: DynamoDBClient | KMSClient): RequestCounter {
    const counter = new RequestCounter();
    const stack = client.middlewareStack as unknown as {
      add(
        middleware: (
          next: (args: unknown) => Promise<unknown>,
          context: { commandName?: string },
        ) => (args: unknown) => Promise<unknown>,
        options: { step: 'initialize'; name: string; priority: 'high' },
      ): void;
    };
    stack.add(
      (next, context) => async (args) => {
        const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
        counter.lastInput.set(command, (args as { input?: unknown }).input);
        const start = performance.now();
        try {
          return await next(args);
        } finally {
          counter.record(command, performance.now() - start);
        }
      },
      { step: 'initialize', name: 'benchRequestCounter', priority: 'high' },
    );
    return counter;
  }

  record(command: string, ms: number): void {
    const stats = this.byCommand.get(command) ?? { count: 0, ms: 0 };
    stats.count++;
    stats.ms += ms;
    this.byCommand.set(command, stats);
  }

  get total(): number {
    let n = 0;
    for (const s of this.byCommand.values()) n += s.count;
    return n;
  }

  get totalMs(): number {
    let ms = 0;
    for (const s of this.byCommand.values()) ms += s.ms;
    return ms;
  }

  reset(): void {
    this.byCommand.clear();
  }

  /** A copy of the counts, e.g. `{ GetItem: 1, TransactWriteItems: 1 }`. */
  snapshot(): Record<string, CommandStats> {
    return Object.fromEntries([...this.byCommand].map(([k, v]) => [k, { ...v }]));
  }

  /** "GetItem 2, TransactWriteItems 1", counts divided by `per`. */
  describe(per = 1): string {
    return [...this.byCommand]
      .sort((a, b) => b[1].count - a[1].count)
      .map(([k, v]) => `${k} ${+(v.count / per).toFixed(2)}`)
      .join(', ');
  }
}

/**
 * Times several variants of an operation against each other: RUNS runs (after one untimed warm-up
 * run) of `opsPerRun` operations each, the variants interleaved in blocks of `block` operations in a
 * rotating order, so a slow moment of the machine hits every variant alike. Returns each variant's
 * wall ms and process CPU µs per operation, one value per run; compare variants run by run.
 */
export async function interleaved<K extends string>(
  variants: Record<K, (i: number) => Promise<unknown>>,
  opsPerRun: number,
  options: { block?: number; beforeRun?: () => void; afterRun?: () => void } = {},
): Promise<{ ms: Record<K, number[]>; cpuUs: Record<K, number[]> }> {
  const names = Object.keys(variants) as K[];
  const block = options.block ?? 10;
  const perVariant = () => Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  const result = { ms: perVariant(), cpuUs: perVariant() };
  for (let r = -1; r < RUNS; r++) {
    const wall = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
    const cpu = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
    options.beforeRun?.();
    for (let b = 0; b * block < opsPerRun; b++) {
      for (let v = 0; v < names.length; v++) {
        const name = names[(v + b + Math.max(r, 0)) % names.length] as K;
        const run = variants[name];
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        for (let i = b * block; i < Math.min(opsPerRun, (b + 1) * block); i++) await run(i);
        wall[name] += performance.now() - start;
        const used = process.cpuUsage(cpuStart);
        cpu[name] += used.user + used.system;
      }
    }
    if (r < 0) continue;
    options.afterRun?.();
    for (const n of names) {
      result.ms[n].push(wall[n] / opsPerRun);
      result.cpuUs[n].push(cpu[n] / opsPerRun);
    }
  }
  return result;
}

/** The median over runs of a ÷ b, each run's pair measured side by side. */
export const ratio = (a: readonly number[], b: readonly number[]): number =>
  median(a.map((x, i) => x / (b[i] as number)));
