/**
 * The leak scan: run the scenario that touches every route and job against `npm start`, then
 * search the logs, every attribute of every table, the published events (which include what the
 * audit and metrics lines say), every staff-facing response, the mails sent (an inactivity notice two
 * years on) and the export for the planted personal values; the payment method the customer paid
 * with is stored nowhere (the processor reports brand and last four digits, which are sealed).
 * Ciphertext is the only form in which a personal value may rest; staff see only what their task
 * needs (packers the delivery address, support masked values, officers no free text in queues).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { routes } from '../../functions/routes';
import type { OutboxMail } from '../../local/mail/server';
import { apiClient, dumpAllTables } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';
import {
  newScenarioContext,
  type ScenarioContext,
  sampleOrder,
  sampleRequests,
  scenario,
  scenarioCall,
} from '../support/sample-requests';
import { limit } from '../support/timeouts';

const SECRET = 'leak-scan-secret';
const stack = useRunningStack({ CARRIER_WEBHOOK_SECRET: SECRET, LOCAL_JOB_TRIGGERS: 'off' });

const SUBJECT = 'leak-owner-3f9c';
/** Every personal value the scenario's samples plant (see test/support/sample-requests.ts). */
const PLANTED = {
  name: `Sample ${SUBJECT}`,
  renamed: 'Sample Renamed',
  email: `${SUBJECT}@example.com`,
  recipient: 'Sample Recipient',
  street: '1 Sample Street',
  newStreet: '2 Sample Street',
  phone: '+441632960001',
  complaint: 'I received marketing I never agreed to.',
  resolution: 'Marketing consent was never recorded; the sender was a third party.',
  refundReason: 'Arrived damaged',
  decisionReason: 'Photo confirms the damage',
  incident: 'A courier manifest was e-mailed to the wrong carrier.',
};
/** What a packer legitimately receives to deliver the parcel. */
const DELIVERY = new Set([PLANTED.recipient, PLANTED.street, PLANTED.newStreet, PLANTED.phone]);
/** What a privacy officer legitimately reads, for complaint handling and audited, to handle the complaint. */
const COMPLAINT_TEXT = new Set([PLANTED.complaint, PLANTED.resolution]);
/** What an officer reads, audited in the incident's chain, of the incident they handle. */
const INCIDENT_TEXT = new Set([PLANTED.incident]);

describe('leak scan over every route', () => {
  it(
    '[P-19] finds no planted value outside ciphertext, in logs, events, or staff views beyond what delivery needs',
    async () => {
      const ctx: ScenarioContext = newScenarioContext(SUBJECT, SECRET);
      const api = apiClient(stack.url);
      const staffResponses: { route: string; text: string; allowed: ReadonlySet<string> }[] = [];
      let exported = '';
      for (const step of scenario) {
        if ('job' in step) {
          const job = spawnSync(path.join(process.cwd(), 'node_modules/.bin/tsx'), ['local/job.ts', step.job], {
            env: { ...process.env, LOCAL_RUNTIME_STATE: stack.stateFile },
            encoding: 'utf8',
          });
          expect(job.status).toBe(0);
          expect(`${job.stdout}${job.stderr}`).not.toContain(PLANTED.email);
          continue;
        }
        const sample = sampleRequests[step.route](ctx, step.variant);
        const res = await api(sample.method, sample.url, scenarioCall(sample, SUBJECT));
        expect({ route: step.route, status: res.status < 300 }).toEqual({ route: step.route, status: true });
        if (sample.groups || routes[step.route].auth === 'public') {
          const delivery = step.route === 'getFulfillmentQueue' || step.route === 'createShipment';
          const officerRead = step.route === 'getComplaintForOfficer';
          staffResponses.push({
            route: step.route,
            text: res.text,
            allowed: delivery
              ? DELIVERY
              : officerRead
                ? COMPLAINT_TEXT
                : step.route === 'getIncident'
                  ? INCIDENT_TEXT
                  : new Set(),
          });
        }
        if (step.route === 'getPrivacyExport') exported = res.text;
        step.capture?.(ctx, res.json as Record<string, unknown>);
      }

      // Two years on the subject gets the inactivity notice, by e-mail too.
      const later = spawnSync(
        path.join(process.cwd(), 'node_modules/.bin/tsx'),
        ['local/job.ts', 'inactive-accounts'],
        {
          env: { ...process.env, LOCAL_RUNTIME_STATE: stack.stateFile, CLOCK_OFFSET_SECONDS: String(731 * 86_400) },
          encoding: 'utf8',
        },
      );
      expect(JSON.parse(later.stdout)).toMatchObject({ mailsSent: 1 });
      const mails = ((await (await fetch(`${stack.mailEndpoint}/outbox`)).json()) as { mails: OutboxMail[] }).mails;
      // The breach notice (the scenario's incident tells its subjects) and the inactivity notice.
      expect(mails.map((m) => m.to)).toEqual([[PLANTED.email], [PLANTED.email]]);
      expect(mails.map((m) => m.subject)).toEqual([
        'A personal data breach affects your data',
        expect.stringContaining('Your account will be erased'),
      ]);

      const tables = await dumpAllTables(stack);
      const events = await (await fetch(`${stack.eventsEndpoint}/_events`)).text();
      const logs = stack.output();
      expect(tables).toContain(`SUBJECT#${SUBJECT}`);
      expect(events).toContain('OrderPlaced');
      expect(logs).toContain('POST /v1/orders 201');

      const hits: string[] = [];
      for (const [what, value] of Object.entries(PLANTED)) {
        if (tables.includes(value)) hits.push(`tables: ${what}`);
        if (events.includes(value)) hits.push(`events: ${what}`);
        if (logs.includes(value)) hits.push(`logs: ${what}`);
        for (const r of staffResponses) {
          if (r.text.includes(value) && !r.allowed.has(value)) hits.push(`${r.route} response: ${what}`);
        }
        // A mail greets the subject by name (as renamed), and holds nothing else of theirs.
        for (const m of mails) {
          if (`${m.subject}${m.text}`.includes(value) && value !== PLANTED.renamed) hits.push(`mail: ${what}`);
        }
      }
      // The export holds the subject's own data; the payment method is kept nowhere, not even for its owner.
      expect(exported).toContain(PLANTED.street);
      const paymentMethod = sampleOrder().billing.payment.paymentMethod;
      if (exported.includes(paymentMethod)) hits.push('export: paymentMethod');
      if (tables.includes(paymentMethod)) hits.push('tables: paymentMethod');
      expect(hits).toEqual([]);
    },
    limit(240_000),
  );
});
