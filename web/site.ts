/**
 * The web app as a set of files: the two bundles (customer app, staff console) built with esbuild from
 * web/src, the pages and stylesheet from web/public, and the headers every host serves them with. The local
 * web server (local/web/server.ts) serves this in memory; `npm run bench` measures it.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type BuildOptions, build, buildSync, type Metafile } from 'esbuild';

/** The app's folder; the repository root is the working directory, as everywhere in the local runtime. */
const WEB = path.join(process.cwd(), 'web');

/** Entry points, by the bundle name the pages load (`/customer.js`, `/staff.js`). */
export const ENTRIES = { customer: 'src/customer/main.ts', staff: 'src/staff/main.ts' } as const;

export interface SiteFile {
  readonly contentType: string;
  readonly body: Buffer;
}

export interface Site {
  /** By URL path: `/index.html`, `/customer.js`, … */
  readonly files: ReadonlyMap<string, SiteFile>;
  readonly metafile: Metafile;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Minified ES2022 bundles without source maps, the same for every host. */
const BUNDLES = {
  absWorkingDir: WEB,
  entryPoints: ENTRIES,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** Builds the bundles and reads the static files; writes nothing. */
export async function buildSite(): Promise<Site> {
  const result = await build({ ...BUNDLES, metafile: true, write: false, outdir: 'dist' });
  const files = new Map<string, SiteFile>();
  for (const out of result.outputFiles) {
    files.set(`/${path.basename(out.path)}`, { contentType: TYPES['.js'] as string, body: Buffer.from(out.contents) });
  }
  const publicDir = path.join(WEB, 'public');
  for (const name of readdirSync(publicDir)) {
    const type = TYPES[path.extname(name)];
    if (type) files.set(`/${name}`, { contentType: type, body: readFileSync(path.join(publicDir, name)) });
  }
  return { files, metafile: result.metafile };
}

/**
 * Writes the site to `outdir` as a host that serves files needs it (the web stack's bucket): the bundles, the
 * pages and the stylesheet. Synchronous, because a CDK app is built synchronously. `/config.json` is the host's.
 */
export function writeSite(outdir: string): void {
  mkdirSync(outdir, { recursive: true });
  buildSync({ ...BUNDLES, write: true, outdir });
  const publicDir = path.join(WEB, 'public');
  for (const name of readdirSync(publicDir)) {
    if (TYPES[path.extname(name)]) copyFileSync(path.join(publicDir, name), path.join(outdir, name));
  }
}

/**
 * The headers the pages are served with, locally and (the same policy) by CloudFront: scripts and styles from
 * the site itself only, calls to the site, the API and the sign-in service only, no framing, no referrer.
 */
export function securityHeaders(connectTo: readonly string[]): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self' ${connectTo.join(' ')}`.trim(),
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}
