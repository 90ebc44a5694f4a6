import fc from 'fast-check';
import { maskAddress, maskEmail, maskName, maskPhone } from '../../shared/domain/masking';
import type { Address } from '../../shared/domain/profile';

const letters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéÉøÅßłŁ'];
const word = fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 12 });
const separator = fc.constantFrom(' ', '  ', '\t', '\n');

describe('maskName', () => {
  it.each([
    ['Ada Lovelace', 'A. L.'],
    ['Cher', 'C.'],
    ['  ada   byron  lovelace king ', 'A. B. L.'],
    ['élodie', 'É.'],
    ['4chan Ada', '•. A.'],
    ['ßtraße', 'ß.'],
    ['', '—'],
    ['   ', '—'],
  ])('%p → %p', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never reveals a whole word of two or more letters, in any case', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), separator, (words, sep) => {
        const masked = maskName(words.join(sep)).toLowerCase();
        for (const w of words.filter((x) => x.length >= 2)) expect(masked).not.toContain(w.toLowerCase());
      }),
    );
  });

  it('always yields initials or a dash, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (name) => {
        expect(maskName(name)).toMatch(/^(—|(?:\S\. ){0,2}\S\.)$/u);
      }),
    );
  });
});

describe('maskEmail', () => {
  it.each([
    ['ada@example.com', '•••@example.com'],
    ['"a@b"@example.com', '•••@example.com'],
    ['no-at-sign', '•••'],
    ['trailing@', '•••'],
    ['', '•••'],
  ])('%p → %p', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it('keeps the domain and never shows a local part of three or more characters', () => {
    fc.assert(
      fc.property(
        fc.emailAddress().filter((email) => {
          const at = email.lastIndexOf('@');
          const local = email.slice(0, at);
          return local.length >= 3 && !email.slice(at + 1).includes(local);
        }),
        (email) => {
          const at = email.lastIndexOf('@');
          const masked = maskEmail(email);
          expect(masked).not.toContain(email.slice(0, at));
          expect(masked).toBe(`•••@${email.slice(at + 1)}`);
        },
      ),
    );
  });
});

describe('maskPhone', () => {
  it.each([
    ['+441632960000', '••••••••••00'],
    ['+44 (0)20-7946 0958', '•••••••••••58'],
    ['1234', '••34'],
    ['123', '•••'],
    ['+', '—'],
  ])('%p → %p', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('shows only the last two digits, one bullet per hidden digit', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 6, maxLength: 15 });
    const separators = fc.array(fc.constantFrom(' ', '-', '(', ')', '.'), { maxLength: 15 });
    fc.assert(
      fc.property(fc.boolean(), digits, separators, (plus, ds, seps) => {
        // Interleave separators so the digits are not contiguous in the input.
        const phone = (plus ? '+' : '') + [...ds].map((d, i) => d + (seps[i] ?? '')).join('');
        const masked = maskPhone(phone);
        expect(masked).not.toContain(ds.slice(0, -2));
        expect(masked).toBe('•'.repeat(ds.length - 2) + ds.slice(-2));
      }),
    );
  });
});

describe('maskAddress', () => {
  const address: Address = {
    label: 'Home',
    recipient: 'Ada Lovelace',
    line1: '12 St James Square',
    line2: 'Flat 3',
    city: 'London',
    region: 'Greater London',
    postalCode: 'SW1Y 4JH',
    country: 'GB',
  };

  it('keeps city and country, hides the street, cuts the postcode and drops the rest', () => {
    expect(maskAddress(address)).toEqual({ line1: '•••', city: 'London', postalCode: 'SW•••', country: 'GB' });
  });

  it('hides a postcode of two characters or fewer entirely', () => {
    expect(maskAddress({ ...address, postalCode: '75' }).postalCode).toBe('•••');
  });

  it('[P-17] never contains the street, recipient, second line, region, label or full postcode', () => {
    // Hidden fields use lower case, kept fields upper case, so a hit can only be a leak.
    const hidden = fc.stringMatching(/^[a-z][a-z ]{2,29}$/);
    const arbitraryAddress = fc.record(
      {
        label: hidden,
        recipient: hidden,
        line1: hidden,
        line2: hidden,
        city: fc.stringMatching(/^[A-Z][A-Z ]{0,29}$/),
        region: hidden,
        postalCode: fc.stringMatching(/^[A-Z0-9][A-Z0-9 ]{2,9}$/),
        country: fc.stringMatching(/^[A-Z]{2}$/),
      },
      { requiredKeys: ['line1', 'city', 'postalCode', 'country'] },
    );
    fc.assert(
      fc.property(arbitraryAddress, (a) => {
        const masked = maskAddress(a);
        expect(Object.keys(masked).sort()).toEqual(['city', 'country', 'line1', 'postalCode']);
        const shown = Object.values(masked).join('|');
        for (const value of [a.label, a.recipient, a.line1, a.line2, a.region]) {
          if (value !== undefined) expect(shown).not.toContain(value);
        }
        expect(masked.postalCode).not.toContain(a.postalCode);
        expect(masked.postalCode).toBe(`${a.postalCode.slice(0, 2)}•••`);
      }),
    );
  });
});
