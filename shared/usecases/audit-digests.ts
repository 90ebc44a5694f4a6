/**
 * The digest job (hourly): lists every chain whose head moved since the previous digest, with where
 * the previous digest left it, commits to the list with a Merkle root, names the previous digest by
 * sequence and hash, and signs the result with the digest key. A digest is written every hour, empty
 * or not, so a missing one is itself evidence. See docs/decisions/0030.
 */
import type { ChainHead } from '../domain/audit';
import {
  DIGEST_FORMAT,
  DIGEST_SIGNING_ALGORITHM,
  type DigestEntry,
  type DigestPayload,
  digestBytes,
  digestHash,
  MerkleTree,
  type SignedDigest,
} from '../domain/audit-digest';
import { addDays } from '../domain/time';
import type { Ports } from '../ports';

/**
 * Each window starts this long before the previous one ended: a record is stamped just before its
 * transaction commits and the day index is eventually consistent, so a record stamped inside the
 * previous window may only become visible after it. Chains re-listed without having moved are left out.
 */
export const DIGEST_WINDOW_OVERLAP_MS = 5 * 60 * 1000;

type Deps = Pick<Ports, 'audit' | 'digests' | 'digestSigner' | 'clock' | 'config'>;

export interface DigestSummary {
  readonly seq: number;
  readonly at: string;
  readonly window: { readonly from: string; readonly through: string };
  /** Chains whose head moved (the entries signed). */
  readonly entries: number;
  /** Chains with a record in the window (the overlap re-lists some that did not move). */
  readonly chainsSeen: number;
  readonly root: string;
  readonly hash: string;
}

export async function writeDigest(deps: Deps): Promise<DigestSummary> {
  const latest = await deps.digests.latest();
  // A run that died after storing its digest but before indexing it: finish that first, so every
  // chain's previous position below is the one the latest digest signed.
  if (latest && !latest.indexed) await deps.digests.index(latest.digest, await deps.digests.entries(latest.digest));

  const now = deps.clock.now();
  const window = {
    from: latest
      ? new Date(new Date(latest.digest.window.through).getTime() - DIGEST_WINDOW_OVERLAP_MS)
      : // The first digest covers every record the trail still holds.
        addDays(now, -deps.config.retention.AUDIT_RETENTION_DAYS),
    through: now,
  };
  const chains = await deps.audit.chainsAppended(window);
  const entries = await movedChains(deps, chains);
  const tree = new MerkleTree(entries);
  const payload: DigestPayload = {
    format: DIGEST_FORMAT,
    seq: (latest?.digest.seq ?? 0) + 1,
    at: now.toISOString(),
    window: { from: window.from.toISOString(), through: window.through.toISOString() },
    previous: latest ? { seq: latest.digest.seq, hash: digestHash(latest.digest) } : null,
    root: tree.root,
    entries: tree.entries.length,
    keyId: await deps.digestSigner.keyId(),
    algorithm: DIGEST_SIGNING_ALGORITHM,
  };
  const digest: SignedDigest = { ...payload, signature: await deps.digestSigner.sign(digestBytes(payload)) };
  await deps.digests.append(digest, tree.entries);
  await deps.digests.index(digest, tree.entries);
  return {
    seq: digest.seq,
    at: digest.at,
    window: payload.window,
    entries: tree.entries.length,
    chainsSeen: chains.length,
    root: digest.root,
    hash: digestHash(digest),
  };
}

/** Each chain's head now, with where the last digest left it; chains whose head has not moved are left out. */
async function movedChains(deps: Deps, chains: readonly string[]): Promise<DigestEntry[]> {
  const [heads, previous] = await Promise.all([deps.audit.heads(chains), deps.digests.signedPositions(chains)]);
  const entries: DigestEntry[] = [];
  for (const [chain, head] of heads) {
    const before = previous.get(chain);
    if (before && samePosition(before, head)) continue;
    entries.push({ chain, seq: head.seq, hash: head.hash, ...(before && { previous: before }) });
  }
  return entries;
}

const samePosition = (a: ChainHead, b: ChainHead): boolean => a.seq === b.seq && a.hash === b.hash;
