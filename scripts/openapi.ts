/**
 * `npm run openapi`: writes the generated contract files — docs/openapi.json (the OpenAPI document),
 * docs/problems.md (the problem types) and the typed client's clients/typescript/src/schema.d.ts.
 * `npm run openapi -- --check` writes nothing and fails when any of them is not what the code builds
 * (`npm run lint` runs it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildDocument } from '../contract/document';
import { requestSchemasOf } from '../contract/handlers';
import { problemsPage } from '../contract/problems-page';
import { routes } from '../functions/routes';

const root = path.resolve(import.meta.dirname, '..');
const file = (relative: string) => path.join(root, relative);

async function generated(): Promise<Record<string, string>> {
  const document = buildDocument({
    routes,
    requests: await requestSchemasOf(routes, root),
    exportSchema: JSON.parse(readFileSync(file('docs/export-schema.json'), 'utf8')),
  });
  const types = astToString(await openapiTS(document as never, { exportType: true }));
  return {
    'docs/openapi.json': `${JSON.stringify(document, null, 2)}\n`,
    'docs/problems.md': problemsPage(),
    'clients/typescript/src/schema.d.ts': `/* Generated from docs/openapi.json by \`npm run openapi\` (openapi-typescript); do not edit. */\n${types}`,
  };
}

async function main(check: boolean): Promise<number> {
  const files = await generated();
  const stale = Object.entries(files).filter(([name, content]) => {
    try {
      return readFileSync(file(name), 'utf8') !== content;
    } catch {
      return true;
    }
  });
  if (check) {
    for (const [name] of stale) process.stderr.write(`${name} is out of date: run npm run openapi\n`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const [name, content] of stale) {
    writeFileSync(file(name), content);
    process.stdout.write(`wrote ${name}\n`);
  }
  return 0;
}

main(process.argv.includes('--check')).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
