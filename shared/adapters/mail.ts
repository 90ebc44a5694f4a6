/**
 * The mailer: a template, the recipient's subject id, and the SES v2 API. The address and greeting
 * name come from the subject's profile through an audited read; the links from configuration. In
 * AWS the client reaches SES; locally `AWS_ENDPOINT_URL_SESV2` points the same client at the local
 * outbox (local/mail/server.ts). Without a configured sender (a development stage) nothing is sent.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { AuditContext } from '../domain/audit';
import { UnavailableError } from '../domain/errors';
import { type MailTemplate, type MailValues, renderMail } from '../domain/mail';
import type { ProfileStore } from '../ports/accounts';
import type { Mailer, MailOutcome } from '../ports/mail';
import { logger } from './logger';

export interface MailSettings {
  /** The verified SES identity mails come from, e.g. `Customer service <no-reply@shop.example.com>`. */
  readonly from: string;
  /** The shop's account pages, the base of every link in a mail. */
  readonly accountUrl: string;
}

export class SesMailer implements Mailer {
  constructor(
    private readonly deps: {
      readonly profiles: () => Pick<ProfileStore, 'contact'>;
      readonly settings: MailSettings | undefined;
      readonly client?: SESv2Client;
    },
  ) {}

  private client?: SESv2Client;

  async send<T extends MailTemplate>(
    subjectId: string,
    template: T,
    values: MailValues<T>,
    context: AuditContext,
  ): Promise<MailOutcome> {
    const { settings } = this.deps;
    if (!settings) {
      logger.warn('Mail not sent: no sender identity is configured', { result: 'not-configured' });
      return 'not-configured';
    }
    const contact = await this.deps.profiles().contact(subjectId, context);
    if (!contact) return 'no-address';
    const mail = renderMail(template, { ...values, greetingName: contact.name, accountUrl: settings.accountUrl });
    try {
      const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
      this.client ??= this.deps.client ?? new SESv2Client({});
      await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: settings.from,
          Destination: { ToAddresses: [contact.email] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
    } catch {
      // The SDK's message may quote the address: say only that mail failed.
      throw new UnavailableError('The mail service is unavailable; the mail was not sent.');
    }
    return 'sent';
  }
}
