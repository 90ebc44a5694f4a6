/**
 * Seals and opens the personal attributes of an item with its subject's data key. Repositories
 * hand it plaintext values and get back ciphertext attributes (and the reverse); it is the only
 * path by which a personal value reaches or leaves a table.
 */
import { decryptField, encryptField } from './field-cipher';
import type { SubjectKeyring } from './subject-keyring';

export interface ItemLocation {
  /** Logical table id (`data`), not the deployed name: bindings survive a rename or restore. */
  readonly table: string;
  readonly pk: string;
  readonly sk: string;
}

export class PersonalDataCodec {
  /** `keyring` is resolved on first use, so code that never opens a field needs no key configuration. */
  constructor(private readonly keyring: () => SubjectKeyring) {}

  /**
   * Encrypts each defined value (JSON-encoded) into an attribute of the same name. The subject's key
   * is created on first use unless `createKey` is false (then a missing key is an error).
   */
  async seal(
    subjectId: string,
    where: ItemLocation,
    values: Readonly<Record<string, unknown>>,
    options: { createKey?: boolean } = {},
  ): Promise<Record<string, string>> {
    const entries = Object.entries(values).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return {};
    const key = await this.keyring().dataKey(subjectId, { create: options.createKey ?? true, uses: entries.length });
    return Object.fromEntries(
      entries.map(([attribute, value]) => [
        attribute,
        encryptField(key, JSON.stringify(value), { ...where, attribute }),
      ]),
    );
  }

  /** Decrypts the named attributes present on `item`; absent ones are left out. */
  async open(
    subjectId: string,
    where: ItemLocation,
    item: Readonly<Record<string, unknown>>,
    attributes: readonly string[],
  ): Promise<Record<string, unknown>> {
    const present = attributes.filter((a) => typeof item[a] === 'string');
    if (present.length === 0) return {};
    const key = await this.keyring().dataKey(subjectId, { create: false, uses: present.length });
    return Object.fromEntries(
      present.map((attribute) => [
        attribute,
        JSON.parse(decryptField(key, item[attribute] as string, { ...where, attribute })) as unknown,
      ]),
    );
  }
}
