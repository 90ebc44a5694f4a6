// Seed data for a fresh local stack; called by `npm start` after the tables exist and the env is applied.
import { appDependencies } from '../shared/adapters/dependencies';
import { seedInitialPolicy } from '../shared/usecases/policy';

/** Version 1 of the privacy policy as served locally, written for this project (not the platform's legal text). */
const INITIAL_POLICY = {
  summary:
    'We collect only what orders, delivery, payment and support need, encrypt it, log every internal use, and honour your rights within 30 days.',
  content: [
    'What we collect: your account details, your orders, where to deliver them, how you paid (a processor token, card brand and last four digits — never the card number) and, only if you agree, how you use the shop.',
    'Why: to verify and fulfil orders, ship them, settle payments and refunds, help you when you ask, confirm your identity and improve the service. Nothing else, and no marketing unrelated to your orders.',
    'How we protect it: every personal field is encrypted with a key that belongs to you alone; staff see masked values and must state why they look; every internal use is written to a tamper-evident log you can read.',
    'Who else sees it: only the carrier that delivers your parcel and the processor that settles your payment, and only what they need. Each hand-off is listed in your account.',
    'Your rights: view, correct, export or erase your data, withdraw a consent, restrict processing or complain. We answer within 30 days and tell you the outcome.',
    'How long we keep it: order personal details for 180 days after the order completes (amounts stay for accounting), inactive accounts for 24 months after a notice, usage events for 13 months.',
    'Changes: a new version is announced at least 14 days before it takes effect; until then this version applies.',
  ].join('\n\n'),
  effectiveAt: new Date('2026-01-01T00:00:00.000Z'),
};

export async function seedLocal(): Promise<void> {
  await seedInitialPolicy(appDependencies(), INITIAL_POLICY);
}
