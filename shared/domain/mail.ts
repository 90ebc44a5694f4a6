/**
 * Mails the service sends to its customers, as templates. A mail holds no personal data but the
 * greeting name: its values are dates and counts, its links the service's own pages. The mailer
 * fills in the greeting name (from the subject's profile) and the links (from configuration).
 */

export interface MailContent {
  readonly subject: string;
  readonly text: string;
}

/** What every template gets from the mailer rather than from its caller. */
interface Filled {
  /** The name the subject gave in their profile. */
  readonly greetingName: string;
  /** The account pages of the shop, e.g. `https://shop.example.com/account`. */
  readonly accountUrl: string;
}

export const MAIL_TEMPLATES = {
  'inactivity-notice': (v: Filled & { readonly months: number; readonly eraseOn: string }): MailContent => ({
    subject: `Your account will be erased on ${v.eraseOn} unless you sign in`,
    text: [
      `Hello ${v.greetingName},`,
      '',
      `you have not used your account for ${v.months} months. We keep personal data only while it is needed, so your account and the data we hold about you will be erased on ${v.eraseOn}.`,
      '',
      `To keep your account, sign in before then: ${v.accountUrl}`,
      '',
      'If you do nothing, your account is erased; order records we must keep for bookkeeping are anonymised first.',
      '',
      `How we handle your data: ${v.accountUrl}/privacy`,
    ].join('\n'),
  }),
  /**
   * GDPR Art. 34: a personal-data breach that affects the recipient. The four texts are the officer's,
   * the same for everyone affected (they name nobody); the incident id lets the recipient refer to it.
   */
  'breach-notice': (
    v: Filled & {
      readonly incidentId: string;
      readonly natureOfBreach: string;
      readonly likelyConsequences: string;
      readonly measuresTaken: string;
      readonly contactPoint: string;
    },
  ): MailContent => ({
    subject: 'A personal data breach affects your data',
    text: [
      `Hello ${v.greetingName},`,
      '',
      'we are writing to tell you about a personal data breach that affects data we hold about you.',
      '',
      `What happened: ${v.natureOfBreach}`,
      '',
      `What it may mean for you: ${v.likelyConsequences}`,
      '',
      `What we have done and what you can do: ${v.measuresTaken}`,
      '',
      `Who to contact: ${v.contactPoint} (please quote incident ${v.incidentId})`,
      '',
      `This notice is also in your account's notifications: ${v.accountUrl}`,
      '',
      `How we handle your data: ${v.accountUrl}/privacy`,
    ].join('\n'),
  }),
} as const;

export type MailTemplate = keyof typeof MAIL_TEMPLATES;

/** What a caller supplies for `T`: everything but what the mailer fills in. */
export type MailValues<T extends MailTemplate> = Omit<Parameters<(typeof MAIL_TEMPLATES)[T]>[0], keyof Filled>;

export function renderMail<T extends MailTemplate>(template: T, values: MailValues<T> & Filled): MailContent {
  const render = MAIL_TEMPLATES[template] as (v: MailValues<T> & Filled) => MailContent;
  return render(values);
}
