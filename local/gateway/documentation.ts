// The contract, served by the local runtime for developers: `GET /v1/openapi.json` (docs/openapi.json)
// and `GET /docs`, a Redoc reference page that `redocly build-docs` renders with its scripts inlined,
// so it works offline. Neither exists in AWS: they are answered before routing, like a dev server's pages.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface LocalPage {
  readonly contentType: string;
  readonly body: () => Promise<Buffer>;
}

export const OPENAPI_PATH = '/v1/openapi.json';
export const REFERENCE_PATH = '/docs';

/** The pages, by request line (`GET /docs`). `cacheDir` keeps rendered reference pages, one per document version. */
export function documentationPages(repoRoot: string, cacheDir: string): Record<string, LocalPage> {
  const documentFile = path.join(repoRoot, 'docs/openapi.json');
  const rendering = new Map<string, Promise<Buffer>>();
  return {
    [`GET ${OPENAPI_PATH}`]: {
      contentType: 'application/json',
      // Read on every request: `npm run openapi` while the runtime runs is picked up at once.
      body: async () => readFileSync(documentFile),
    },
    [`GET ${REFERENCE_PATH}`]: {
      contentType: 'text/html; charset=utf-8',
      body: () => {
        const digest = createHash('sha256').update(readFileSync(documentFile)).digest('hex').slice(0, 16);
        let page = rendering.get(digest);
        if (!page) {
          page = renderReference(repoRoot, documentFile, path.join(cacheDir, `reference-${digest}.html`));
          page.catch(() => rendering.delete(digest));
          rendering.set(digest, page);
        }
        return page;
      },
    },
  };
}

/** `redocly build-docs --inlineBundle`: one self-contained HTML file (about 2.6 MB), rendered once per document. */
async function renderReference(repoRoot: string, documentFile: string, output: string): Promise<Buffer> {
  if (!existsSync(output)) {
    mkdirSync(path.dirname(output), { recursive: true });
    const cli = createRequire(path.join(repoRoot, 'package.json')).resolve('@redocly/cli/bin/cli.js');
    const args = [cli, 'build-docs', documentFile, '--inlineBundle', '--title', 'Privacy orders API', '-o', output];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`redocly build-docs failed: ${stderr.slice(-500)}`)),
      );
    });
  }
  return readFileSync(output);
}
