// Seed data for a fresh local stack; called by `npm start` after the tables exist and the env is applied.
import { localDependencies } from '../shared/adapters/dependencies';
import type { AccessContext } from '../shared/domain/access';
import { putProduct } from '../shared/usecases/catalogue';
import { seedInitialPolicy } from '../shared/usecases/policy';
import { DEMO_CATALOGUE } from './demo-catalogue';

/** Version 1 of the privacy policy as served locally, written for this project (not the platform's legal text). */
const INITIAL_POLICY = {
  summary:
    'We collect only what orders, delivery, payment and support need, encrypt it, log every internal use, and honour your rights within 30 days.',
  content: [
    'What we collect: your account details, your orders, where to deliver them, how you paid (the card brand and last four digits the payment processor reports — the card number goes to the processor only, never to us) and, only if you agree, how you use the shop.',
    'Why: to verify and fulfil orders, ship them, settle payments and refunds, help you when you ask, confirm your identity and improve the service. Nothing else, and no marketing unrelated to your orders.',
    'How we protect it: every personal field is encrypted with a key that belongs to you alone; staff see masked values and must state why they look; every internal use is written to a tamper-evident log you can read.',
    'Who else sees it: only the carrier that delivers your parcel and the processor that settles your payment, and only what they need. Each hand-off is listed in your account.',
    'Your rights: view, correct, export or erase your data, withdraw a consent, restrict processing or complain. We answer within 30 days and tell you the outcome.',
    'How long we keep it: order personal details for 180 days after the order completes (amounts stay for accounting), inactive accounts for 24 months after a notice, usage events for 13 months.',
    'Changes: a new version is announced at least 14 days before it takes effect; until then this version applies.',
  ].join('\n\n'),
  effectiveAt: new Date('2026-01-01T00:00:00.000Z'),
};

const SEEDER: AccessContext = {
  actor: { id: 'local-seed', role: 'catalogue-manager' },
  purpose: 'catalogue_management',
  requestId: 'local-seed',
};

export async function seedLocal(): Promise<void> {
  const deps = localDependencies();
  await seedInitialPolicy(deps, INITIAL_POLICY);
  // Under --persist the catalogue is already there, stock as orders left it.
  for (const [sku, product] of Object.entries(DEMO_CATALOGUE)) {
    if (!(await deps.products.get(sku))) await putProduct(deps, sku, product, undefined, SEEDER);
  }
}
