/**
 * Mail to a subject: a template and the recipient's subject id. The mailer finds the address and
 * greeting name in the subject's profile (a read written to the audit trail first, under the
 * sender's purpose); callers never handle either. In AWS it sends through SES v2 from the
 * configured identity; locally through the same SDK to a local outbox a developer can read.
 */
import type { AuditContext } from '../domain/audit';
import type { MailTemplate, MailValues } from '../domain/mail';

export type MailOutcome =
  | 'sent'
  /** The subject has no profile (nothing to address). */
  | 'no-address'
  /** No sender identity is configured for this deployment (a development stage): nothing sent. */
  | 'not-configured';

export interface Mailer {
  /** Sends `template` with `values` to the subject; throws UnavailableError when the mail service fails. */
  send<T extends MailTemplate>(
    subjectId: string,
    template: T,
    values: MailValues<T>,
    context: AuditContext,
  ): Promise<MailOutcome>;
}
