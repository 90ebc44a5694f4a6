// Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys
// (`metadata[orderId]=…`, `expand[0]=payment_method`, `created[gte]=…`), decoded into nested values.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };

const MAX_DEPTH = 5;

/** `a[b][0]=x&a[c]=y` → `{ a: { b: ['x'], c: 'y' } }`; objects whose keys are all indexes become arrays. */
export function parseForm(text: string): Record<string, FormValue> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match) throw new FormError(`Invalid parameter name: ${rawKey.slice(0, 60)}`);
    const path = [match[1] as string, ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] as string)];
    if (path.length > MAX_DEPTH) throw new FormError(`Parameter nested too deeply: ${rawKey.slice(0, 60)}`);
    let node = root;
    for (const [i, segment] of path.entries()) {
      // `own` keys only: a key such as `__proto__` must land on the object, never on its prototype.
      if (i === path.length - 1) {
        Object.defineProperty(node, segment, { value, enumerable: true, writable: true, configurable: true });
      } else {
        const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
        if (typeof next === 'string') throw new FormError(`Parameter ${path[0]} given twice`);
        const child = (next as Record<string, unknown> | undefined) ?? {};
        Object.defineProperty(node, segment, { value: child, enumerable: true, writable: true, configurable: true });
        node = child;
      }
    }
  }
  return arrays(root) as Record<string, FormValue>;
}

function arrays(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, arrays(v)] as const);
  const indexed = entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k));
  if (indexed) return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  return Object.fromEntries(entries);
}

export class FormError extends Error {}
