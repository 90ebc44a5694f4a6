// `npm run -s smoke -- --outputs cdk-outputs.json --stage test`: checks a freshly deployed stage from
// outside, with no credentials and no data written: the API answers, public reads work, protected
// routes refuse a request without a token, errors are problem+json. Exits 1 naming what failed.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { outputs: { type: 'string' }, stage: { type: 'string' }, url: { type: 'string' } },
  strict: true,
});

function apiUrl(): string {
  if (values.url) return values.url.replace(/\/$/, '');
  if (!values.outputs || !values.stage)
    throw new Error('usage: smoke --outputs cdk-outputs.json --stage NAME | --url URL');
  const outputs = JSON.parse(readFileSync(values.outputs, 'utf8')) as Record<string, Record<string, string>>;
  const url = outputs[`Orders-${values.stage}-Api`]?.ApiUrl;
  if (!url) throw new Error(`No ApiUrl output for Orders-${values.stage}-Api in ${values.outputs}`);
  return url.replace(/\/$/, '');
}

interface Check {
  readonly name: string;
  readonly path: string;
  readonly expect: (res: Response, body: string) => boolean;
}

const CHECKS: readonly Check[] = [
  { name: 'health answers 200', path: '/v1/health', expect: (r) => r.status === 200 },
  // 200 once a policy is published, 404 (problem+json) before the first officer publishes one.
  {
    name: 'the privacy policy is readable without an account',
    path: '/v1/privacy-policy',
    expect: (r) => r.status === 200 || r.status === 404,
  },
  { name: 'a customer route refuses a request without a token', path: '/v1/me', expect: (r) => r.status === 401 },
  { name: 'a staff route refuses a request without a token', path: '/v1/admin/audit', expect: (r) => r.status === 401 },
  {
    name: 'an unknown route answers 404',
    path: '/v1/no-such-route',
    expect: (r) => r.status === 404,
  },
];

async function main(): Promise<number> {
  const base = apiUrl();
  let failed = 0;
  for (const check of CHECKS) {
    let ok = false;
    let detail = '';
    // A new deployment can take a few seconds to serve every route: retry briefly.
    for (let attempt = 1; attempt <= 5 && !ok; attempt += 1) {
      const res = await fetch(`${base}${check.path}`, { signal: AbortSignal.timeout(10_000) });
      const body = await res.text();
      ok = check.expect(res, body);
      detail = `${res.status} ${res.headers.get('content-type') ?? ''}`;
      if (!ok) await new Promise((resolve) => setTimeout(resolve, 2000 * attempt));
    }
    process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${check.name} (${detail})\n`);
    if (!ok) failed += 1;
  }
  process.stdout.write(`${CHECKS.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`smoke: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
