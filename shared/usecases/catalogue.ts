/**
 * The catalogue: public reads of products, and the catalogue manager's writes — create or replace
 * a product (optimistic concurrency on its version, the ETag) and deactivate it. Every write commits
 * with its audit record on the catalogue's chain, naming the fields that changed.
 */
import type { AccessContext } from '../domain/access';
import { auditEvent } from '../domain/audit';
import { NotFoundError, PreconditionFailedError, PreconditionRequiredError } from '../domain/errors';
import { CATALOGUE_AUDIT_CHAIN, type Product, type ProductInput, productFrom } from '../domain/product';
import type { Ports } from '../ports';
import type { Page } from '../ports/page';

type Deps = Pick<Ports, 'clock' | 'products' | 'uow'>;

/** The fields a catalogue write may change, for the audit record (names only, as everywhere). */
const PRODUCT_FIELDS = ['name', 'active', 'prices', 'stock', 'shippingProfile'] as const;

const changedFields = (before: Product | undefined, after: Product): string[] =>
  PRODUCT_FIELDS.filter((f) => JSON.stringify(before?.[f]) !== JSON.stringify(after[f]));

export const listProducts = (deps: Pick<Deps, 'products'>, page: Page) => deps.products.list(page);

export async function getProduct(deps: Pick<Deps, 'products'>, sku: string): Promise<Product> {
  const product = await deps.products.get(sku);
  if (!product) throw new NotFoundError('No such product.');
  return product;
}

const changedMeanwhile = () =>
  new PreconditionFailedError('The product changed since you read it; fetch it again and retry with the new ETag.');

/**
 * Creates the product (no `If-Match`) or replaces the version named by `If-Match` (`*`: whichever
 * exists). Replacing without `If-Match` is refused with 428, so two managers cannot overwrite each
 * other's stock counts unknowingly; the write is conditioned on the version read, so a reservation
 * landing in between fails it too (412).
 */
export async function putProduct(
  deps: Deps,
  sku: string,
  input: ProductInput,
  expected: number | '*' | undefined,
  access: AccessContext,
): Promise<{ product: Product; created: boolean }> {
  const current = await deps.products.get(sku);
  if (current && expected === undefined) {
    throw new PreconditionRequiredError(`SKU ${sku} exists: send If-Match with its ETag to replace it.`);
  }
  if (!current && expected !== undefined) throw new PreconditionFailedError(`SKU ${sku} does not exist yet.`);
  if (current && typeof expected === 'number' && current.version !== expected) throw changedMeanwhile();
  const now = deps.clock.now();
  const product = productFrom(sku, input, (current?.version ?? 0) + 1, now, current?.createdAt);
  await commitProduct(deps, product, current, current ? 'product.replace' : 'product.create', access);
  return { product, created: !current };
}

/** Takes the product off sale; it stays readable (past orders name it). Deactivating twice changes nothing. */
export async function deactivateProduct(deps: Deps, sku: string, access: AccessContext): Promise<Product> {
  const current = await getProduct(deps, sku);
  if (!current.active) return current;
  const product: Product = {
    ...current,
    active: false,
    version: current.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  await commitProduct(deps, product, current, 'product.deactivate', access);
  return product;
}

async function commitProduct(
  deps: Deps,
  product: Product,
  current: Product | undefined,
  action: string,
  access: AccessContext,
): Promise<void> {
  await deps.uow.commit(
    [deps.products.put(product, current?.version)],
    [
      auditEvent(access, {
        action,
        subjectId: CATALOGUE_AUDIT_CHAIN,
        resource: `product/${product.sku}`,
        fields: changedFields(current, product),
        details: { version: product.version },
      }),
    ],
    { 'product.put': changedMeanwhile },
  );
}
