import { renderMail } from '../../shared/domain/mail';

describe('mail templates', () => {
  it('carry the greeting name and the service’s links, and nothing else from the subject', () => {
    const mail = renderMail('inactivity-notice', {
      greetingName: 'Canary Name',
      accountUrl: 'https://shop.example.com/account',
      months: 24,
      eraseOn: '2028-12-01',
    });
    expect(mail.subject).toBe('Your account will be erased on 2028-12-01 unless you sign in');
    expect(mail.subject).not.toContain('Canary');
    expect(mail.text.startsWith('Hello Canary Name,')).toBe(true);
    expect(mail.text.match(/Canary/g)).toHaveLength(1);
    expect(mail.text).toContain('24 months');
    expect(mail.text.match(/https?:\/\/\S+/g)).toEqual([
      'https://shop.example.com/account',
      'https://shop.example.com/account/privacy',
    ]);
  });

  it('tell a breach’s subject the four things Art. 34 requires, the incident to quote, and links only', () => {
    const mail = renderMail('breach-notice', {
      greetingName: 'Canary Name',
      accountUrl: 'https://shop.example.com/account',
      incidentId: '01KJKB3Q00B24CVSCCMZRXBH4Q',
      natureOfBreach: 'NATURE',
      likelyConsequences: 'CONSEQUENCES',
      measuresTaken: 'MEASURES',
      contactPoint: 'CONTACT',
    });
    expect(mail.subject).not.toContain('Canary');
    expect(mail.text.match(/Canary/g)).toHaveLength(1);
    for (const part of ['NATURE', 'CONSEQUENCES', 'MEASURES', 'CONTACT', '01KJKB3Q00B24CVSCCMZRXBH4Q']) {
      expect(mail.text).toContain(part);
    }
    expect(mail.text.match(/https?:\/\/\S+/g)).toEqual([
      'https://shop.example.com/account',
      'https://shop.example.com/account/privacy',
    ]);
  });
});
