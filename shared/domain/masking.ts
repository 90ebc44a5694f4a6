/**
 * Desensitised display of personal data for staff views: just enough to recognise a customer or a
 * parcel, never the hidden part. Every function is total: bad input gives a masked value, not an error.
 */
import type { Address } from './profile';

const HIDDEN = '•••';
const BULLET = '•';
const NOTHING = '—';

/** An address as staff lists show it: street hidden, recipient and extra lines dropped. */
export interface MaskedAddress {
  city: string;
  postalCode: string;
  country: string;
  line1: string;
}

// An initial is one visible character. Letters whose capital is several characters ('ß' → 'SS')
// keep their own form, so a mask can never spell two letters of a word.
function initial(word: string): string {
  const first = [...word][0] ?? '';
  if (!/^\p{L}$/u.test(first)) return BULLET;
  const upper = first.toUpperCase();
  return [...upper].length === 1 ? upper : first;
}

/** Initials of up to three words: 'Ada Lovelace' → 'A. L.'; a non-letter start shows '•'; empty → '—'. */
export function maskName(name: string): string {
  const words = name.split(/\s+/u).filter((word) => word.length > 0);
  if (words.length === 0) return NOTHING;
  return words
    .slice(0, 3)
    .map((word) => `${initial(word)}.`)
    .join(' ');
}

/** Hides the local part, keeps the domain: 'ada@example.com' → '•••@example.com'; no domain → '•••'. */
export function maskEmail(email: string): string {
  // The last '@' separates the domain: a quoted local part may contain '@', a domain never does.
  const at = email.lastIndexOf('@');
  const domain = at < 0 ? '' : email.slice(at + 1);
  return domain.length === 0 ? HIDDEN : `${HIDDEN}@${domain}`;
}

/**
 * Keeps the last two digits, one bullet per hidden digit: '+441632960000' → '••••••••••00'.
 * Separators and '+' are dropped; with fewer than four digits every digit is hidden; no digits → '—'.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 0) return NOTHING;
  if (digits.length < 4) return BULLET.repeat(digits.length);
  return BULLET.repeat(digits.length - 2) + digits.slice(-2);
}

/** City and country kept, street hidden, postal code cut to its first two characters (the area). */
export function maskAddress(a: Address): MaskedAddress {
  const postal = [...a.postalCode];
  return {
    line1: HIDDEN,
    city: a.city,
    postalCode: postal.length <= 2 ? HIDDEN : `${postal.slice(0, 2).join('')}${HIDDEN}`,
    country: a.country,
  };
}
