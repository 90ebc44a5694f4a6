// `npm run -s token -- --sub ID [--groups a,b] [--auth-age SECONDS] [--expires-in SECONDS]`: prints a local JWT, nothing else.
import { parseArgs } from 'node:util';
import { signToken } from './auth/issuer';

const USAGE = 'usage: npm run -s token -- --sub ID [--groups a,b] [--auth-age SECONDS] [--expires-in SECONDS]';

function main(argv: string[]): number {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sub: { type: 'string' },
        groups: { type: 'string' },
        'auth-age': { type: 'string' },
        'expires-in': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch {
    return usage();
  }
  const seconds = (raw: string | undefined): number | undefined | null =>
    raw === undefined ? undefined : /^\d+$/.test(raw) ? Number(raw) : null;
  const authAge = seconds(values['auth-age']);
  const expiresIn = seconds(values['expires-in']);
  if (!values.sub || authAge === null || expiresIn === null || expiresIn === 0) return usage();
  const groups = values.groups
    ?.split(',')
    .map((g) => g.trim())
    .filter(Boolean);

  process.stdout.write(
    `${signToken({
      sub: values.sub,
      ...(groups && groups.length > 0 ? { groups } : {}),
      ...(authAge !== undefined ? { authAgeSeconds: authAge } : {}),
      ...(expiresIn !== undefined ? { expiresInSeconds: expiresIn } : {}),
    })}\n`,
  );
  return 0;
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`Cannot sign token: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
