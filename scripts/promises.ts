/**
 * `npm run promises -- --report <jest.json>`: checks the promise register (docs/promises.json) against
 * the tests tagged with its ids and a jest `--json` report, and writes docs/compliance.md.
 * `--check` writes nothing and fails when the register does not hold or the committed page is not what
 * the register and the tags build (results aside): `npm run lint` runs it without a report (structure
 * only), CI (.ci/run) with the report of its `npm test`. docs/decisions/0090-promise-register.md.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  complianceMarkdown,
  jestReportSchema,
  problems,
  registerSchema,
  resultsByPromise,
  type TaggedTest,
  tagsInSource,
  withoutResults,
} from './promise-register';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { report: { type: 'string' }, check: { type: 'boolean', default: false } } });

const register = registerSchema.parse(JSON.parse(readFileSync(path.join(root, 'docs/promises.json'), 'utf8')));
const testFiles = readdirSync(path.join(root, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.posix.join('test', f.split(path.sep).join('/')))
  .sort();
const tagged: TaggedTest[] = testFiles.flatMap((f) => tagsInSource(f, readFileSync(path.join(root, f), 'utf8')));
const results = values.report
  ? resultsByPromise(jestReportSchema.parse(JSON.parse(readFileSync(values.report, 'utf8'))))
  : undefined;

const found = problems({ register, tagged, results, exists: (p) => existsSync(path.join(root, p)) });
const page = complianceMarkdown(register, tagged, results);
const pagePath = path.join(root, 'docs/compliance.md');
if (values.check) {
  const committed = existsSync(pagePath) ? readFileSync(pagePath, 'utf8') : '';
  if (withoutResults(committed) !== withoutResults(page)) {
    found.push(
      'docs/compliance.md is not what the register and the test tags build: run `npm run promises -- --report <jest.json>`.',
    );
  }
} else {
  writeFileSync(pagePath, page);
}
for (const p of found) process.stderr.write(`promises: ${p}\n`);
process.stdout.write(
  `promises: ${register.promises.length} promises, ${tagged.length} tagged tests${results ? ', with results' : ''}; ${found.length} problem(s)\n`,
);
process.exitCode = found.length > 0 ? 1 : 0;
