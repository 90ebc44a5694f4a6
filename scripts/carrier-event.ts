// `npm run -s carrier:event -- --tracking DH… --status in_transit [--carrier dhl] [--event-id ID]
//   [--occurred-at ISO] [--location TEXT] [--url URL --secret SECRET] [--print]`
// Signs one carrier status event as that carrier would (X-Signature: t=<epoch>,v1=<HMAC-SHA256 of
// "<t>.<carrier>.<body>"> under the carrier's own secret, decision 0028) and posts it to
// POST /v1/carriers/{carrier}/events: of the running `npm start` by default (its URL, and the carrier's secret
// derived from the seed in .local/runtime.json), of any stage with --url and --secret (that carrier's secret).
// Prints the answer; exits 1 when it is not 2xx. --print shows the signed request instead of sending it.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { localCarrierSecret } from '../local/env';
import { readRuntimeState } from '../local/runtime-state';
import { carrierEventSchema, SHIPMENT_STATUSES } from '../shared/domain/shipment';
import { signPayload } from '../shared/domain/webhook-signature';

const USAGE = `usage: npm run -s carrier:event -- --tracking NUMBER --status (${SHIPMENT_STATUSES.join('|')})
  [--carrier dhl] [--event-id ID] [--occurred-at ISO-8601] [--location TEXT] [--url URL --secret SECRET] [--print]`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tracking: { type: 'string' },
      status: { type: 'string' },
      carrier: { type: 'string', default: 'dhl' },
      'event-id': { type: 'string' },
      'occurred-at': { type: 'string' },
      location: { type: 'string' },
      url: { type: 'string' },
      secret: { type: 'string' },
      print: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const event = carrierEventSchema.safeParse({
    eventId: values['event-id'] ?? `evt-${randomUUID()}`,
    trackingNumber: values.tracking,
    status: values.status,
    occurredAt: values['occurred-at'] ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(values.location && { location: values.location }),
  });
  if (!event.success) {
    process.stderr.write(
      `${event.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}\n`,
    );
    return 2;
  }
  const { url, secret } = target(values.carrier, values.url, values.secret);
  const body = JSON.stringify(event.data);
  const signature = signPayload(secret, values.carrier, Math.floor(Date.now() / 1000), body);
  const endpoint = `${url.replace(/\/$/, '')}/v1/carriers/${encodeURIComponent(values.carrier)}/events`;
  if (values.print) {
    process.stdout.write(`POST ${endpoint}\ncontent-type: application/json\nx-signature: ${signature}\n\n${body}\n`);
    return 0;
  }
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': signature },
    body,
  });
  process.stdout.write(`${res.status} ${await res.text()}\n`);
  return res.ok ? 0 : 1;
}

/** Where to post and with which secret: the flags, else the running local stack (the carrier's secret from its seed). */
function target(carrier: string, url: string | undefined, secret: string | undefined): { url: string; secret: string } {
  if (url && secret) return { url, secret };
  const state = readRuntimeState();
  return { url: url ?? state.apiUrl, secret: secret ?? localCarrierSecret(state.carrierWebhookSecret, carrier) };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  },
);
