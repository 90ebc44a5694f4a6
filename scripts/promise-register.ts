/**
 * The promise register's checks and docs/compliance.md, as pure functions (scripts/promises.ts is the
 * command; test/unit/promise-register.test.ts proves each check can fail). docs/decisions/0090.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { processors } from '../shared/config/processors';

export const promiseIdPattern = /^P-\d{2,3}$/;
/** A promise id as a test title carries it: `it('[P-07] …')`; a describe's tag covers its tests. */
const tagPattern = /\[(P-\d{2,3})\]/g;

const promiseSchema = z.strictObject({
  id: z.string().regex(promiseIdPattern),
  /** Section and paragraph of the policy it paraphrases. */
  source: z.string().min(1),
  /** One line, in our words: never the policy's text. */
  promise: z.string().min(10),
  /** Files and modules that keep it. */
  mechanism: z.array(z.string().min(1)).min(1),
  /** A decision record that keeps it where no test can (or that explains why the backend does not). */
  decision: z.string().optional(),
  /** What the operator must do that code cannot (sign agreements, commission reviews). */
  operatorDuty: z.string().optional(),
  /** The first 12 hex digits of the SHA-256 of `promise` when its tests were last reviewed. */
  reviewed: z.string().regex(/^[0-9a-f]{12}$/),
});
export type Promise_ = z.infer<typeof promiseSchema>;

export const registerSchema = z.strictObject({
  $comment: z.string(),
  promises: z.array(promiseSchema).min(1),
});
export type Register = z.infer<typeof registerSchema>;

export const textHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);

/** A test title that carries promise ids, where it is written. */
export interface TaggedTest {
  readonly file: string;
  readonly line: number;
  readonly ids: readonly string[];
  readonly title: string;
}

/** Tags in test sources: every `[P-NN]` on a line that opens it/test/describe or on the title line after it. */
export function tagsInSource(file: string, source: string): TaggedTest[] {
  const lines = source.split('\n');
  const found: TaggedTest[] = [];
  lines.forEach((text, i) => {
    const ids = [...text.matchAll(tagPattern)].map((m) => m[1] as string);
    if (ids.length === 0) return;
    const opens = /^\s*(it|test|describe)(\.each\(.*\))?\(/;
    const isTitle = opens.test(text) || (i > 0 && /^\s*(it|test|describe)(\.each\(.*\))?\($/.test(lines[i - 1] ?? ''));
    if (!isTitle) return;
    const quoted = /(['`"])((?:\[P-\d+\])+.*?)\1/.exec(text)?.[2] ?? text.trim();
    const title = quoted.replace(/^(\[P-\d+\])+\s*/, '');
    found.push({ file, line: i + 1, ids, title });
  });
  return found;
}

/** Jest's `--json` report, the part we read. */
export const jestReportSchema = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      assertionResults: z.array(z.object({ fullName: z.string(), status: z.string() })),
    }),
  ),
});
export type JestReport = z.infer<typeof jestReportSchema>;

export interface Result {
  readonly passed: number;
  readonly failed: number;
}

/** Passed and failed tests per promise id, from the tags in their full names (describe titles included). */
export function resultsByPromise(report: JestReport): Map<string, Result> {
  const results = new Map<string, Result>();
  for (const file of report.testResults) {
    for (const a of file.assertionResults) {
      for (const id of new Set([...a.fullName.matchAll(tagPattern)].map((m) => m[1] as string))) {
        const r = results.get(id) ?? { passed: 0, failed: 0 };
        if (a.status === 'passed') results.set(id, { ...r, passed: r.passed + 1 });
        else if (a.status === 'failed') results.set(id, { ...r, failed: r.failed + 1 });
      }
    }
  }
  return results;
}

export interface CheckInput {
  readonly register: Register;
  readonly tagged: readonly TaggedTest[];
  /** Undefined: check structure only (no report to read results from). */
  readonly results?: Map<string, Result>;
  readonly exists: (path: string) => boolean;
}

/** Every reason the register does not hold, one sentence each; empty when it does. */
export function problems({ register, tagged, results, exists }: CheckInput): string[] {
  const out: string[] = [];
  const ids = new Set<string>();
  for (const p of register.promises) {
    if (ids.has(p.id)) out.push(`${p.id} is in the register twice.`);
    ids.add(p.id);
    const hash = textHash(p.promise);
    if (hash !== p.reviewed) {
      out.push(
        `${p.id}'s text changed since its tests were reviewed: check the tests tagged [${p.id}] still prove it, then set "reviewed": "${hash}".`,
      );
    }
    for (const path of [...p.mechanism, ...(p.decision ? [p.decision] : [])]) {
      if (!exists(path)) out.push(`${p.id} names ${path}, which does not exist.`);
    }
    const tests = tagged.filter((t) => t.ids.includes(p.id));
    if (p.decision) continue;
    if (tests.length === 0) out.push(`${p.id} has no test tagged [${p.id}] and no decision.`);
    else if (results) {
      const r = results.get(p.id) ?? { passed: 0, failed: 0 };
      if (r.passed === 0) out.push(`${p.id} has no passing test in the report and no decision.`);
    }
  }
  if (results) {
    for (const [id, r] of results)
      if (r.failed > 0 && ids.has(id)) out.push(`${id}: ${r.failed} tagged test(s) failed.`);
  }
  for (const t of tagged) {
    for (const id of t.ids)
      if (!ids.has(id)) out.push(`${t.file}:${t.line} is tagged [${id}], which is not in the register.`);
  }
  return out;
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
const RESULT_HEADER = '**Last result**';

function resultCell(p: Promise_, results: Map<string, Result> | undefined): string {
  const r = results?.get(p.id);
  if (!r || r.passed + r.failed === 0) return p.decision ? 'decision' : 'not run';
  return r.failed > 0 ? `${r.failed} failed, ${r.passed} passed` : `${r.passed} passed`;
}

/**
 * docs/compliance.md: every promise, its mechanism, its tests and their last result; then the sub-processors.
 * Tests are named by file and title, never line: other changes to a test file must not make the page stale.
 */
export function complianceMarkdown(
  register: Register,
  tagged: readonly TaggedTest[],
  results?: Map<string, Result>,
): string {
  const rows = register.promises.map((p) => {
    const tests = tagged.filter((t) => t.ids.includes(p.id)).map((t) => `[${t.file}](../${t.file}) ${cell(t.title)}`);
    const keptBy = [
      ...p.mechanism.map((m) => `\`${m}\``),
      ...(p.decision ? [`decision [${p.decision.split('/').pop()}](../${p.decision})`] : []),
      ...(p.operatorDuty ? [`*operator:* ${cell(p.operatorDuty)}`] : []),
    ];
    return `| ${p.id} | ${cell(p.source)} | ${cell(p.promise)} | ${keptBy.join('<br>')} | ${tests.join('<br>') || '—'} | ${resultCell(p, results)} |`;
  });
  const shown = register.promises.map((p) => resultCell(p, results));
  const count = (f: (r: string) => boolean) => shown.filter(f).length;
  const summary = `Results: ${count((r) => r.endsWith(' passed') && !r.includes('failed'))} promises with passing tests, ${count((r) => r.includes('failed'))} with a failed test, ${count((r) => r === 'decision')} kept by a decision with no result in the report, ${count((r) => r === 'not run')} whose tests were not in the report.`;
  const procs = processors.map(
    (s) => `| ${s.name} | ${s.role} | ${cell(s.purpose)} | ${s.receives.map(cell).join('; ')} | ${cell(s.agreement)} |`,
  );
  return [
    '# Compliance: each promise of the privacy policy, what keeps it and what proves it',
    '',
    '<!-- Generated by `npm run promises -- --report <jest --json output>` from docs/promises.json, the test',
    'titles tagged `[P-NN]` and the report. Do not edit by hand. `npm run lint` and CI check it is current. -->',
    '',
    'The register is [docs/promises.json](promises.json) ([decision 0090](decisions/0090-promise-register.md)):',
    'one line per promise, paraphrased from a section (§) and paragraph (¶) of the policy. A promise is kept',
    'by code and proved by the tests that carry its id, or kept by a decision record and, where code cannot,',
    'an operator duty. "Last result" is that of the jest report this page was generated from.',
    '',
    summary,
    '',
    `| Id | Source | Promise | Kept by | Tests | ${RESULT_HEADER} |`,
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Sub-processors',
    '',
    'Served by `GET /v1/processors` from `shared/config/processors.ts` ([decision 0094](decisions/0094-sub-processor-register.md)).',
    '',
    '| Processor | Role | Why | Receives | Agreement |',
    '|---|---|---|---|---|',
    ...procs,
    '',
  ].join('\n');
}

/** The page without its results: what must match the committed page whatever the last run's results. */
export const withoutResults = (markdown: string): string =>
  markdown
    .split('\n')
    .filter((line) => !line.startsWith('Results: '))
    .map((line) => (line.startsWith('| P-') ? line.replace(/\| [^|]*\|$/, '|') : line))
    .join('\n');
